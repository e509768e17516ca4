package io.sidan.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** Rows of a table as comparable text: for proving that a rebuilt read model equals the live one. */
public final class TableRows {

    private TableRows() {
    }

    /**
     * The rows of {@code table} matching {@code condition} (with one parameter: a collection is bound as an array),
     * each as {@code table|column=value|…} without the {@code ignored} columns (e.g. when a row was written), sorted.
     */
    public static List<String> asText(Connection c, String table, String condition, Object parameter, String... ignored)
            throws SQLException {
        Set<String> skip = Set.of(ignored);
        List<String> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select * from " + table + " where " + condition)) {
            if (parameter instanceof Collection<?> values) {
                s.setArray(1, c.createArrayOf("varchar", values.toArray()));
            } else {
                s.setObject(1, parameter);
            }
            try (ResultSet rs = s.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder(table);
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        if (!skip.contains(md.getColumnName(i))) {
                            row.append('|').append(md.getColumnName(i)).append('=').append(rs.getString(i));
                        }
                    }
                    rows.add(row.toString());
                }
            }
        }
        rows.sort(null);
        return rows;
    }
}
