package io.sidan.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

/**
 * The raw limit a submit is compared with: single-row INSERT + COMMIT of a request-sized row on the
 * same PostgreSQL, with the same number of connections as the request service's pool.
 */
final class RawPostgres {

    record Result(int connections, long inserts, double seconds) {
        double perSecond() {
            return inserts / seconds;
        }
    }

    private RawPostgres() {
    }

    static Result insertRate(DataSource ds, int connections, int seconds, String payload) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table if not exists raw_insert (id uuid primary key, payload json not null,"
                    + " created_at timestamptz not null default now())");
            s.execute("truncate raw_insert");
        }
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder inserts = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try (Connection c = ds.getConnection();
                     PreparedStatement insert = c.prepareStatement("insert into raw_insert (id, payload) values (?, ?::json)")) {
                    c.setAutoCommit(false);
                    while (!stop.get()) {
                        insert.setObject(1, UUID.randomUUID());
                        insert.setString(2, payload);
                        insert.executeUpdate();
                        c.commit();
                        inserts.increment();
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        long started = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        return new Result(connections, inserts.sum(), (System.nanoTime() - started) / 1e9);
    }
}
