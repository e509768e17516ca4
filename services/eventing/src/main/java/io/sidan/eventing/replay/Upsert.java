package io.sidan.eventing.replay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

import io.sidan.eventing.store.CopyIn;

/**
 * Writes a whole read-model row by its key in one statement (insert, or replace every column). The
 * projections recompute rows from the history anyway, so plain JDBC is all they need: no entity to
 * load first and nothing kept in a persistence context during a long rebuild.
 */
public final class Upsert {

    private final String sql;
    private final int columns;
    private final String table;
    private final List<String> columnNames;

    /** @param columns the row's columns, the key first */
    public Upsert(String table, List<String> columns) {
        this.columns = columns.size();
        this.table = table;
        this.columnNames = List.copyOf(columns);
        this.sql = "insert into " + table + " (" + String.join(", ", columns) + ") values ("
                + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ") on conflict (" + columns.get(0)
                + ") do update set " + columns.stream().skip(1).map(c -> c + " = excluded." + c)
                .collect(Collectors.joining(", "));
    }

    /** @param values one per column, in the same order; instants are written as UTC timestamps */
    public void write(Connection c, Object... values) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, values);
            s.executeUpdate();
        }
    }

    /**
     * Many rows into a table that holds none of their keys yet (a rebuild's fresh copy of the table): one
     * COPY, several times faster than a batch of upserts, with no conflict handling. Values as for {@link #write}.
     */
    public void copyAll(Connection c, List<Object[]> rows) throws SQLException {
        CopyIn.rows(c, table, columnNames, rows);
    }

    private void bind(PreparedStatement s, Object[] values) throws SQLException {
        if (values.length != columns) {
            throw new IllegalArgumentException(values.length + " values for " + columns + " columns");
        }
        for (int i = 0; i < values.length; i++) {
            set(s, i + 1, values[i]);
        }
    }

    /** Binds a value as {@link #write} does. */
    static void set(PreparedStatement s, int index, Object value) throws SQLException {
        switch (value) {
            case null -> s.setNull(index, Types.NULL);
            case Instant i -> s.setObject(index, OffsetDateTime.ofInstant(i, ZoneOffset.UTC));
            case Enum<?> e -> s.setString(index, e.name());
            default -> s.setObject(index, value);
        }
    }
}
