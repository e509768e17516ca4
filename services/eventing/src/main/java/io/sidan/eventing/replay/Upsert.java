package io.sidan.eventing.replay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a whole read-model row by its key in one statement (insert, or replace every column). The
 * projections recompute rows from the history anyway, so plain JDBC is all they need: no entity to
 * load first and nothing kept in a persistence context during a long rebuild.
 */
public final class Upsert {

    /** Bind parameters per statement stay well under the driver's limit (32,767). */
    private static final int MAX_PARAMETERS = 30_000;

    private final String table;
    private final List<String> columnNames;
    private final String sql;
    private final int columns;

    /** @param columns the row's columns, the key first */
    public Upsert(String table, List<String> columns) {
        this.table = table;
        this.columnNames = List.copyOf(columns);
        this.columns = columns.size();
        this.sql = statement(1);
    }

    /** The upsert of {@code rows} rows in one statement (one VALUES list). */
    private String statement(int rows) {
        String row = columnNames.stream().map(c -> "?").collect(Collectors.joining(", ", "(", ")"));
        return "insert into " + table + " (" + String.join(", ", columnNames) + ") values "
                + String.join(", ", Collections.nCopies(rows, row)) + " on conflict (" + columnNames.get(0)
                + ") do update set " + columnNames.stream().skip(1).map(c -> c + " = excluded." + c)
                .collect(Collectors.joining(", "));
    }

    /** @param values one per column, in the same order; instants are written as UTC timestamps */
    public void write(Connection c, Object... values) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, values, 0);
            s.executeUpdate();
        }
    }

    /**
     * Many rows (a bulk rebuild), each as for {@link #write}, as few multi-row statements: a statement per
     * row in a JDBC batch cost the server about two and a half times as much per row. The keys must be
     * distinct (PostgreSQL refuses to change one row twice in a statement).
     */
    public void writeAll(Connection c, List<Object[]> rows) throws SQLException {
        int perStatement = Math.max(1, MAX_PARAMETERS / columns);
        for (int from = 0; from < rows.size(); from += perStatement) {
            List<Object[]> part = rows.subList(from, Math.min(rows.size(), from + perStatement));
            try (PreparedStatement s = c.prepareStatement(statement(part.size()))) {
                for (int i = 0; i < part.size(); i++) {
                    bind(s, part.get(i), i * columns);
                }
                s.executeUpdate();
            }
        }
    }

    private void bind(PreparedStatement s, Object[] values, int offset) throws SQLException {
        if (values.length != columns) {
            throw new IllegalArgumentException(values.length + " values for " + columns + " columns");
        }
        for (int i = 0; i < values.length; i++) {
            set(s, offset + i + 1, values[i]);
        }
    }

    private static void set(PreparedStatement s, int index, Object value) throws SQLException {
        switch (value) {
            case null -> s.setNull(index, Types.NULL);
            case Instant i -> s.setObject(index, OffsetDateTime.ofInstant(i, ZoneOffset.UTC));
            case Enum<?> e -> s.setString(index, e.name());
            default -> s.setObject(index, value);
        }
    }
}
