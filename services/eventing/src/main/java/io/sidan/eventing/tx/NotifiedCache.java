package io.sidan.eventing.tx;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

/**
 * A value read from the database and kept in memory until a change is notified on its channel, whichever
 * instance made it: a transaction that changes what the value was read from notifies the channel (a table's
 * trigger, or {@link #notifyChange} in the transaction) and every instance's {@link ChangeListener} drops its
 * copy moments after the commit. A read that overlaps a drop is used once but not kept.
 */
public final class NotifiedCache<T> implements AutoCloseable {

    /** Reads the value from the database. */
    @FunctionalInterface
    public interface Loader<T> {
        T load() throws SQLException;
    }

    private final DataSource dataSource;
    private final String channel;
    private final AtomicLong generation = new AtomicLong();
    private volatile T value;
    private ChangeListener listener;

    public NotifiedCache(DataSource dataSource, String channel) {
        this.dataSource = dataSource;
        this.channel = ChangeListener.requireChannelName(channel);
    }

    /** Starts listening for changes (when the service starts; until then nothing is kept for long). */
    public synchronized void listen() {
        if (listener == null) {
            listener = new ChangeListener(dataSource, channel, this::drop);
        }
    }

    /** The kept value, or the loader's, kept unless a change was notified while it read. */
    public T get(Loader<T> loader) throws SQLException {
        T now = value;
        if (now != null) {
            return now;
        }
        long seen = generation.get();
        now = loader.load();
        if (generation.get() == seen) {
            value = now;
        }
        return now;
    }

    /** Drops the kept value: the next {@link #get} reads again. */
    public void drop() {
        generation.incrementAndGet();
        value = null;
    }

    /** Tells every instance, when the caller's transaction commits, that the value changed. */
    public void notifyChange(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("select pg_notify('" + channel + "', '')");
        }
    }

    @Override
    public synchronized void close() {
        if (listener != null) {
            listener.close();
            listener = null;
        }
    }
}
