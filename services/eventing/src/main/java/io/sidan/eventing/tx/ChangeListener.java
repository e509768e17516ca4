package io.sidan.eventing.tx;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Tells this process when something changed in the database, whichever instance changed it: a thread
 * {@code LISTEN}s on a channel (a table's trigger {@code NOTIFY}s it on commit) and runs a callback, for
 * example to drop an in-memory cache. After losing its connection it runs the callback once more when it
 * is back, since it may have missed a notification meanwhile.
 */
public final class ChangeListener implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ChangeListener.class.getName());

    private final DataSource dataSource;
    private final String channel;
    private final Runnable onChange;
    private volatile boolean running = true;
    private final Thread thread;

    /** Starts listening at once. */
    public ChangeListener(DataSource dataSource, String channel, Runnable onChange) {
        requireChannelName(channel);
        this.dataSource = dataSource;
        this.channel = channel;
        this.onChange = onChange;
        this.thread = Thread.ofPlatform().name("listen-" + channel).daemon(true).start(this::loop);
    }

    /** A channel is a plain name (it is written into LISTEN and NOTIFY statements). */
    static String requireChannelName(String channel) {
        if (!channel.matches("[a-z_]+")) {
            throw new IllegalArgumentException("channel must be [a-z_]+: " + channel);
        }
        return channel;
    }

    private void loop() {
        boolean missedSome = false;
        while (running) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                try (var s = c.createStatement()) {
                    s.execute("listen " + channel);
                }
                if (missedSome) {
                    onChange.run();
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                try {
                    while (running) {
                        PGNotification[] got = pg.getNotifications(250);
                        if (got != null && got.length > 0) {
                            onChange.run();
                        }
                    }
                } finally {
                    try (var s = c.createStatement()) {
                        s.execute("unlisten " + channel); // the pooled connection goes back as it came
                    }
                }
            } catch (SQLException | RuntimeException e) {
                missedSome = true;
                LOG.log(Level.DEBUG, "listening on " + channel + " failed; again in a second", e);
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
