package io.sidan.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import javax.sql.DataSource;

/** What tests ask a database directly: a count, a text, or a statement run as it is. */
public final class Sql {

    private Sql() {
    }

    /** The number the query selects first, e.g. {@code select count(*) from event_store where stream_id = ?}. */
    public static long count(DataSource db, String query, Object... parameters) {
        try (Connection c = db.getConnection()) {
            return count(c, query, parameters);
        } catch (Exception e) {
            throw new IllegalStateException(query + ": " + e.getMessage(), e);
        }
    }

    public static long count(Connection c, String query, Object... parameters) throws Exception {
        try (PreparedStatement s = prepared(c, query, parameters); ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("no row from " + query);
            }
            return rs.getLong(1);
        }
    }

    /** The text the query selects first (null when it is null), e.g. {@code select payload::text from event_store ...}. */
    public static String text(DataSource db, String query, Object... parameters) {
        try (Connection c = db.getConnection(); PreparedStatement s = prepared(c, query, parameters); ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("no row from " + query);
            }
            return rs.getString(1);
        } catch (Exception e) {
            throw new IllegalStateException(query + ": " + e.getMessage(), e);
        }
    }

    /** Runs an update or other statement; returns the rows it changed. */
    public static int execute(DataSource db, String statement, Object... parameters) {
        try (Connection c = db.getConnection(); PreparedStatement s = prepared(c, statement, parameters)) {
            return s.executeUpdate();
        } catch (Exception e) {
            throw new IllegalStateException(statement + ": " + e.getMessage(), e);
        }
    }

    /** Waits, keeping the thread's interrupt for its owner. */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static PreparedStatement prepared(Connection c, String sql, Object... parameters) throws Exception {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            s.setObject(i + 1, parameters[i]);
        }
        return s;
    }
}
