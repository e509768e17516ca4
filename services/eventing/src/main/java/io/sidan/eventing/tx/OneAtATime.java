package io.sidan.eventing.tx;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Supplier;

import javax.sql.DataSource;

/**
 * Work that any instance of a service could do but only one should do at a time (a deadline scan, say):
 * the instance that gets a PostgreSQL advisory lock named after the work does it, the others skip this
 * turn. The lock lives with the session, so an instance that dies mid-way frees it at once.
 */
public final class OneAtATime {

    private final DataSource dataSource;

    public OneAtATime(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs the work if no other instance is running work of that name; false when it skipped. */
    public boolean runIfFree(String name, Runnable work) {
        return callIfFree(name, () -> {
            work.run();
            return Boolean.TRUE;
        }) != null;
    }

    /** Like {@link #runIfFree}, with the work's result, or null when another instance holds the lock. */
    public <T> T callIfFree(String name, Supplier<T> work) {
        long key = LockKeys.of("one-at-a-time:" + name);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            if (!query(c, "select pg_try_advisory_lock(?)", key)) {
                return null;
            }
            try {
                return work.get();
            } finally {
                query(c, "select pg_advisory_unlock(?)", key);
            }
        } catch (SQLException e) {
            throw new TransactionFailedException("cannot take the lock for " + name + ": " + e.getMessage(), e);
        }
    }

    private static boolean query(Connection c, String sql, long key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, key);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
