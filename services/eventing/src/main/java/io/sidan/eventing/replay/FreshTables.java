package io.sidan.eventing.replay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Empty copies of some tables in the schema {@value #SCHEMA}, filled by a rebuild and then swapped in
 * for the live ones, all in the rebuild's transaction. While they are filled, the live tables are only
 * locked against writers: readers go on reading the old rows, and wait only for the swap itself.
 *
 * <p>A copy starts with the live table's columns, defaults, checks and, unless the replay writes each row
 * once, its keys (primary and unique constraints, so {@code on conflict} works while it is filled); its
 * other indexes are built once it is full (one sort each, not one insertion per row), its triggers are recreated after the swap (a rebuild
 * fires none of them), and its storage settings are carried over.
 */
final class FreshTables {

    static final String SCHEMA = "projection_rebuild";
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final String DEADLOCK = "40P01";
    private static final int SWAP_ATTEMPTS = 120;

    private final String liveSchema;
    private final List<String> tables;
    private final boolean keysWhileFilled;
    private String searchPath;

    private FreshTables(String liveSchema, List<String> tables, boolean keysWhileFilled) {
        this.liveSchema = liveSchema;
        this.tables = tables;
        this.keysWhileFilled = keysWhileFilled;
    }

    /** The live table's primary, unique and exclusion constraints, on its copy. */
    private void addKeys(Connection c, String table) throws SQLException {
        for (String[] key : rows(c, "select conname, pg_get_constraintdef(oid) from pg_constraint where conrelid = ?::regclass "
                + "and contype in ('p', 'u', 'x') order by conname", live(table))) {
            run(c, "alter table " + copy(table) + " add constraint " + quote(key[0]) + " " + key[1]);
        }
    }

    /**
     * Locks the live tables (and the derived ones) against writers and creates the empty copies; from
     * here until {@link #fill} returns, unqualified names of these tables mean the copies.
     */
    static FreshTables create(Connection c, List<String> tables, List<String> derived, boolean keysWhileFilled)
            throws SQLException {
        FreshTables fresh = new FreshTables(text(c, "select current_schema()"), tables, keysWhileFilled);
        List<String> locked = new ArrayList<>(tables);
        locked.addAll(derived);
        // exclusive: writers wait for the rebuild, readers (access share) do not
        run(c, "lock table " + String.join(", ", locked.stream().map(fresh::live).toList()) + " in exclusive mode");
        for (String table : tables) {
            run(c, "drop table if exists " + fresh.copy(table)); // left by nothing: a failed rebuild rolls back
            run(c, "create table " + fresh.copy(table) + " (like " + fresh.live(table) + " including all excluding indexes)");
            if (keysWhileFilled) {
                fresh.addKeys(c, table);
            }
            for (String[] options : rows(c, "select array_to_string(reloptions, ', ') from pg_class where oid = ?::regclass "
                    + "and reloptions is not null", fresh.live(table))) {
                run(c, "alter table " + fresh.copy(table) + " set (" + options[0] + ")");
            }
        }
        return fresh;
    }

    /** Runs the fill with the copies in front of the live schema on the search path. */
    <T> T fill(Connection c, SqlWork<T> work) throws Exception {
        searchPath = text(c, "show search_path");
        run(c, "set local search_path to " + SCHEMA + ", " + quote(liveSchema));
        try {
            return work.run();
        } finally {
            run(c, "set local search_path to " + searchPath);
        }
    }

    /** Builds the copies' other indexes and their statistics, then puts them in place of the live tables. */
    void swapIn(Connection c) throws SQLException {
        for (String table : tables) {
            if (!keysWhileFilled) {
                addKeys(c, table);
            }
            for (String[] index : rows(c, "select pg_get_indexdef(i.indexrelid) from pg_index i where i.indrelid = ?::regclass "
                    + "and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid) order by i.indexrelid",
                    live(table))) {
                run(c, onCopy(index[0], table));
            }
            run(c, "analyze " + copy(table));
        }
        List<String> triggers = new ArrayList<>();
        for (String table : tables) {
            for (String[] trigger : rows(c, "select pg_get_triggerdef(oid) from pg_trigger where tgrelid = ?::regclass "
                    + "and not tgisinternal order by tgname", live(table))) {
                triggers.add(trigger[0]);
            }
        }
        lockForSwap(c);
        for (String table : tables) {
            run(c, "drop table " + live(table));
            run(c, "alter table " + copy(table) + " set schema " + quote(liveSchema));
        }
        for (String trigger : triggers) {
            run(c, trigger); // names the live table, which is now the copy
        }
    }

    /**
     * Takes the live tables from their readers: waits for the running ones, not for ever (a reader that
     * waits for this transaction would deadlock with it), and tries again.
     */
    private void lockForSwap(Connection c) throws SQLException {
        String lock = "lock table " + String.join(", ", tables.stream().map(this::live).toList()) + " in access exclusive mode";
        for (int attempt = 1; ; attempt++) {
            Savepoint before = c.setSavepoint();
            try {
                run(c, "set local lock_timeout = '1s'");
                run(c, lock);
                run(c, "set local lock_timeout to default");
                c.releaseSavepoint(before);
                return;
            } catch (SQLException e) {
                c.rollback(before);
                boolean busy = LOCK_NOT_AVAILABLE.equals(e.getSQLState()) || DEADLOCK.equals(e.getSQLState());
                if (!busy || attempt == SWAP_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** An index definition of a live table, made to build the same index on its copy. */
    static String onCopy(String definition, String table) {
        Matcher on = Pattern.compile(" ON (ONLY )?(\\S+\\.)?" + Pattern.quote(table) + " USING ").matcher(definition);
        if (!on.find()) {
            throw new IllegalStateException("cannot place index on the copy of " + table + ": " + definition);
        }
        return definition.substring(0, on.start()) + " ON " + SCHEMA + "." + table + " USING " + definition.substring(on.end());
    }

    private String live(String table) {
        return quote(liveSchema) + "." + quote(table);
    }

    private String copy(String table) {
        return SCHEMA + "." + quote(table);
    }

    private static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static void run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static List<String[]> rows(Connection c, String sql, String table) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    String[] row = new String[columns];
                    for (int i = 0; i < columns; i++) {
                        row[i] = rs.getString(i + 1);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run() throws Exception;
    }
}
