package io.sidan.request.projection;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.sidan.eventing.tx.OneAtATime;
import io.sidan.eventing.tx.Transactions;
import io.sidan.kit.config.CentreConfig;
import org.jboss.logging.Logger;

/**
 * Keeps the audit roll-ups ({@code audit_day}, {@code audit_month}) in step with {@code audit_request}.
 *
 * <p>A trigger marks the cell (day × category × grid × urgency) of every request row written as changed,
 * in the writer's transaction; reports read marked cells raw, so they are never stale. Every
 * {@code sidan.audit.roll-up-every}, one instance at a time, this job takes the marks, waits until every
 * transaction that was running when it took them has ended (a writer that found its cell already
 * marked added no mark of its own), then recomputes each taken cell's day rows from its requests and
 * its month's rows from the day rows, and deletes the taken marks, cells a thousand at a time.
 */
@ApplicationScoped
public class AuditRollUps {

    /** The roll-ups and their marks: kept from {@code audit_request}. */
    public static final List<String> TABLES = List.of("audit_day", "audit_month", "audit_dirty");
    private static final Logger LOG = Logger.getLogger(AuditRollUps.class);
    private static final Duration WRITERS_WAIT = Duration.ofSeconds(30);

    /** A roll-up row's key: its level, a day (or a month's first day), a cell and a team ('' for none or dropped). */
    private record Key(AuditQueries.Level level, LocalDate day, String category, String grid, String urgency, String team) {
    }

    private record Cell(LocalDate day, String category, String grid, String urgency) {
    }

    /** A roll-up row's figures: its number of requests and its tally, encoded. */
    private record Rolled(long requests, byte[] tally) {
        static Rolled of(AuditTally t) {
            return new Rolled(t.count(AuditTally.Count.SUBMITTED), t.encode());
        }
    }

    private final Transactions tx;
    private final OneAtATime oneAtATime;
    private final ZoneId zone;

    public AuditRollUps(Transactions tx, AgroalDataSource dataSource, CentreConfig centre) {
        this.tx = tx;
        this.oneAtATime = new OneAtATime(dataSource);
        this.zone = centre.zone();
    }

    void countDaysInTheCentresZone(@Observes @Priority(10) StartupEvent event) {
        useConfiguredZone();
    }

    /** Counts the requests' days in the configured zone, recounting them and redoing the roll-ups if it changed. */
    public void useConfiguredZone() {
        tx.inTransaction(c -> {
            useZone(c);
            return null;
        });
    }

    @Scheduled(every = "${sidan.audit.roll-up-every:30s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        rollUp();
    }

    /** Rolls up every changed cell; returns how many (0 when another instance is at it). */
    public int rollUp() {
        Integer cells = oneAtATime.callIfFree("audit-roll-up", this::rollUpMarkedCells);
        return cells == null ? 0 : cells;
    }

    private int rollUpMarkedCells() {
        // marks are not unique (a writer never waits for another's mark): each cell is taken once
        tx.inTransaction(c -> update(c, "with t as (delete from audit_dirty where not taken returning day, category, grid, urgency) "
                + "insert into audit_dirty (day, category, grid, urgency, taken) select distinct day, category, grid, urgency, true "
                + "from t where not exists (select 1 from audit_dirty d where d.taken and d.day = t.day and d.category = t.category "
                + "and d.grid = t.grid and d.urgency = t.urgency)"));
        if (!writersEnded()) {
            LOG.warnf("audit roll-ups wait for a transaction running longer than %s; trying again next time", WRITERS_WAIT);
            return 0;
        }
        int total = 0;
        int cells;
        do {
            cells = tx.inTransaction(this::recomputeTakenCellsOfOneMonth);
            total += cells;
        } while (cells > 0);
        return total;
    }

    /** Waits until every transaction that had begun writing when the marks were taken has ended. */
    private boolean writersEnded() {
        long horizon = tx.inTransaction(c -> number(c, "select pg_snapshot_xmax(pg_current_snapshot())::text::bigint"));
        long deadline = System.nanoTime() + WRITERS_WAIT.toNanos();
        while (tx.inTransaction(c -> number(c, "select pg_snapshot_xmin(pg_current_snapshot())::text::bigint")) < horizon) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private int recomputeTakenCellsOfOneMonth(Connection c) throws SQLException {
        List<Cell> cells = new ArrayList<>();
        // the marked cells of one month at a time: its roll-ups are merged once however many of its days changed
        // (after a rebuild every cell is marked; in 1,000-cell steps each month was merged again for every step)
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("with first as (select date_trunc('month', min(day))::date "
                + "as month from audit_dirty where taken) select distinct day, category, grid, urgency from audit_dirty, first where taken "
                + "and day >= first.month and day < first.month + interval '1 month' order by day, category, grid, urgency")) {
            while (rs.next()) {
                cells.add(new Cell(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        if (cells.isEmpty()) {
            return 0;
        }
        List<LocalDate> days = cells.stream().map(Cell::day).distinct().toList();
        List<Cell> monthCells = cells.stream().map(x -> new Cell(x.day().withDayOfMonth(1), x.category(), x.grid(), x.urgency()))
                .distinct().toList();
        List<LocalDate> months = monthCells.stream().map(Cell::day).distinct().toList();

        // the cells' days from their requests
        Map<Key, AuditTally> full = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("select a.day, a.category, a.grid, a.urgency, coalesce(a.team_id, '') as team, "
                + AuditTally.REQUEST_COLUMNS + " from audit_request a join " + CELLS + " on a.day = x.day::date "
                + "and a.category = x.category and a.grid = x.grid and a.urgency = x.urgency")) {
            bindCells(c, s, cells);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    full.computeIfAbsent(new Key(AuditQueries.Level.FULL, rs.getObject("day", LocalDate.class),
                            rs.getString("category"), rs.getString("grid"), rs.getString("urgency"), rs.getString("team")),
                            k -> new AuditTally()).addRequest(rs);
                }
            }
        }
        Map<Key, Rolled> fullRows = new LinkedHashMap<>();
        full.forEach((k, t) -> fullRows.put(k, Rolled.of(t)));
        deleteCells(c, "audit_day", "day", cells);
        insert(c, "audit_day", "day", fullRows);

        // those days at the other levels, from all their cells
        Map<Key, Rolled> dayLevels = mergeInOrder(c, "select day, category, grid, urgency, team_id, tally from audit_day "
                + "where level = 0 and day = any(?) order by day", days, (rs, into) -> {
                    for (AuditQueries.Level level : MERGED) {
                        String[] kept = level.keep(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
                        into.accept(new Key(level, rs.getObject(1, LocalDate.class), kept[0], kept[1], kept[2], kept[3]));
                    }
                });
        deleteMerged(c, "audit_day", "day", days);
        insert(c, "audit_day", "day", dayLevels);

        // their months: the cells from their days, the other levels from the days' other levels
        Map<Key, Rolled> monthRows = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("select x.day::date as month, d.category, d.grid, d.urgency, d.team_id, d.tally "
                + "from audit_day d join " + CELLS + " on d.level = 0 and d.day >= x.day::date "
                + "and d.day < (x.day::date + interval '1 month') and d.category = x.category and d.grid = x.grid "
                + "and d.urgency = x.urgency order by 1, 2, 3, 4, 5")) {
            bindCells(c, s, monthCells);
            try (ResultSet rs = s.executeQuery()) {
                monthRows.putAll(mergeInOrder(rs, (row, into) -> into.accept(new Key(AuditQueries.Level.FULL,
                        row.getObject(1, LocalDate.class), row.getString(2), row.getString(3), row.getString(4), row.getString(5)))));
            }
        }
        deleteCells(c, "audit_month", "month", monthCells);
        insert(c, "audit_month", "month", monthRows);
        Map<Key, Rolled> monthLevels = mergeInOrder(c, "select date_trunc('month', d.day::timestamp)::date as month, d.level, "
                + "d.category, d.grid, d.urgency, d.team_id, d.tally from audit_day d join unnest(?::date[]) as m(month) on d.level > 0 "
                + "and d.day >= m.month and d.day < m.month + interval '1 month' order by 1, 2, 3, 4, 5, 6", months,
                (rs, into) -> into.accept(new Key(AuditQueries.Level.values()[rs.getShort(2)], rs.getObject(1, LocalDate.class),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6))));
        deleteMerged(c, "audit_month", "month", months);
        insert(c, "audit_month", "month", monthLevels);

        try (PreparedStatement s = c.prepareStatement("delete from audit_dirty d using " + CELLS + " where d.taken "
                + "and d.day = x.day::date and d.category = x.category and d.grid = x.grid and d.urgency = x.urgency")) {
            bindCells(c, s, cells);
            s.executeUpdate();
        }
        return cells.size();
    }

    private static final List<AuditQueries.Level> MERGED = List.of(AuditQueries.Level.TOTAL, AuditQueries.Level.CATEGORY,
            AuditQueries.Level.GRID, AuditQueries.Level.TEAM);

    /** The keys a roll-up row's tally (its last column) adds to. */
    private interface KeysOf {
        void each(ResultSet rs, java.util.function.Consumer<Key> into) throws SQLException;
    }

    private static Map<Key, Rolled> mergeInOrder(Connection c, String sql, List<LocalDate> days, KeysOf keys) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setArray(1, c.createArrayOf("date", days.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                return mergeInOrder(rs, keys);
            }
        }
    }

    /**
     * Merges the tallies of rows ordered by their first column into their keys, encoding each key's as
     * soon as the first column moves on: a merged tally holds its sketches' buckets densely.
     */
    private static Map<Key, Rolled> mergeInOrder(ResultSet rs, KeysOf keys) throws SQLException {
        Map<Key, Rolled> merged = new LinkedHashMap<>();
        Map<Key, AuditTally> open = new LinkedHashMap<>();
        Object first = null;
        int tallyColumn = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            Object at = rs.getObject(1);
            if (!at.equals(first)) {
                open.forEach((k, t) -> merged.put(k, Rolled.of(t)));
                open.clear();
                first = at;
            }
            byte[] tally = rs.getBytes(tallyColumn);
            keys.each(rs, k -> open.computeIfAbsent(k, x -> new AuditTally()).mergeEncoded(tally));
        }
        open.forEach((k, t) -> merged.put(k, Rolled.of(t)));
        return merged;
    }

    /** The cells of an array parameter each (days as text). */
    private static final String CELLS = "unnest(?::text[], ?::text[], ?::text[], ?::text[]) as x(day, category, grid, urgency)";

    private static void bindCells(Connection c, PreparedStatement s, List<Cell> cells) throws SQLException {
        s.setArray(1, array(c, cells.stream().map(x -> x.day().toString())));
        s.setArray(2, array(c, cells.stream().map(Cell::category)));
        s.setArray(3, array(c, cells.stream().map(Cell::grid)));
        s.setArray(4, array(c, cells.stream().map(Cell::urgency)));
    }

    private static Array array(Connection c, java.util.stream.Stream<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray(String[]::new));
    }

    private static void deleteCells(Connection c, String table, String dayColumn, List<Cell> cells) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("delete from " + table + " t using " + CELLS + " where t.level = 0 and t."
                + dayColumn + " = x.day::date and t.category = x.category and t.grid = x.grid and t.urgency = x.urgency")) {
            bindCells(c, s, cells);
            s.executeUpdate();
        }
    }

    private static void deleteMerged(Connection c, String table, String dayColumn, List<LocalDate> days) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("delete from " + table + " where level > 0 and " + dayColumn + " = any(?)")) {
            s.setArray(1, c.createArrayOf("date", days.toArray()));
            s.executeUpdate();
        }
    }

    private static void insert(Connection c, String table, String dayColumn, Map<Key, Rolled> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("insert into " + table + " (level, " + dayColumn
                + ", category, grid, urgency, team_id, requests, tally) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<Key, Rolled> e : rows.entrySet()) {
                Key k = e.getKey();
                s.setShort(1, (short) k.level().ordinal());
                s.setObject(2, k.day());
                s.setString(3, k.category());
                s.setString(4, k.grid());
                s.setString(5, k.urgency());
                s.setString(6, k.team());
                s.setLong(7, e.getValue().requests());
                s.setBytes(8, e.getValue().tally());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /**
     * Counts the requests' days in the configured zone. When it changed (or on the first start with
     * roll-ups) every request's day is recounted, which marks every cell, and the roll-ups start afresh.
     */
    private void useZone(Connection c) throws SQLException {
        update(c, "lock table audit_rollup_zone in exclusive mode");
        String stored = null;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select zone from audit_rollup_zone")) {
            if (rs.next()) {
                stored = rs.getString(1);
            }
        }
        if (zone.getId().equals(stored)) {
            return;
        }
        update(c, "delete from audit_day");
        update(c, "delete from audit_month");
        boolean offset = zone instanceof ZoneOffset;
        try (PreparedStatement s = c.prepareStatement("update audit_request set day = (submitted_at at time zone "
                + (offset ? "make_interval(secs => ?)" : "?") + ")::date")) {
            if (offset) {
                s.setInt(1, ((ZoneOffset) zone).getTotalSeconds());
            } else {
                s.setString(1, zone.getId());
            }
            int rows = s.executeUpdate();
            if (stored != null || rows > 0) {
                LOG.infof("audit days counted in %s (were %s) for %d requests; the roll-ups are being redone", zone, stored, rows);
            }
        }
        update(c, "delete from audit_rollup_zone");
        try (PreparedStatement s = c.prepareStatement("insert into audit_rollup_zone (zone) values (?)")) {
            s.setString(1, zone.getId());
            s.executeUpdate();
        }
    }

    /**
     * After a rebuild of {@code audit_request} (in its transaction, with the roll-up tables locked against
     * the job): no roll-up is kept and every cell of the new rows is marked, so reports read them raw until
     * the job has rolled them up again.
     */
    public static void reset(Connection c) throws SQLException {
        update(c, "delete from audit_day");
        update(c, "delete from audit_month");
        update(c, "delete from audit_dirty");
        update(c, "insert into audit_dirty (day, category, grid, urgency, taken) select distinct day, category, grid, urgency, "
                + "false from audit_request where day is not null");
    }

    private static int update(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    private static long number(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
