package io.sidan.eventing.replay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Sets some columns of a read-model row by its key in one statement: for a change that moves only part of a
 * row (an event applied to it), where {@link Upsert} writes a whole recomputed one.
 */
public final class RowUpdate {

    private final String sql;
    private final int columns;

    /** @param key the key column; @param columns the columns it sets */
    public RowUpdate(String table, String key, List<String> columns) {
        this.columns = columns.size();
        this.sql = "update " + table + " set " + columns.stream().map(c -> c + " = ?").collect(Collectors.joining(", "))
                + " where " + key + " = ?";
    }

    /** @param values one per column, in the same order, bound as {@link Upsert#write} binds them; returns the rows set (0 or 1) */
    public int write(Connection c, Object key, Object... values) throws SQLException {
        if (values.length != columns) {
            throw new IllegalArgumentException(values.length + " values for " + columns + " columns");
        }
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                Upsert.set(s, i + 1, values[i]);
            }
            Upsert.set(s, values.length + 1, key);
            return s.executeUpdate();
        }
    }
}
