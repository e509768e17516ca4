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
import java.util.LinkedHashSet;
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

    private static final Logger LOG = Logger.getLogger(AuditRollUps.class);
    private static final int CELLS_AT_A_TIME = 1_000;
    private static final Duration WRITERS_WAIT = Duration.ofSeconds(30);

    /** A roll-up row's key: a day (or a month's first day), a cell and a team ('' for none). */
    private record Key(LocalDate day, String category, String grid, String urgency, String team) {
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

    @Scheduled(every = "${sidan.audit.roll-up-every:5s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        rollUp();
    }

    /** Rolls up every changed cell; returns how many (0 when another instance is at it). */
    public int rollUp() {
        Integer cells = oneAtATime.callIfFree("audit-roll-up", this::rollUpMarkedCells);
        return cells == null ? 0 : cells;
    }

    private int rollUpMarkedCells() {
        tx.inTransaction(c -> update(c, "with t as (delete from audit_dirty where not taken returning day, category, grid, urgency) "
                + "insert into audit_dirty (day, category, grid, urgency, taken) select day, category, grid, urgency, true from t "
                + "on conflict do nothing"));
        if (!writersEnded()) {
            LOG.warnf("audit roll-ups wait for a transaction running longer than %s; trying again next time", WRITERS_WAIT);
            return 0;
        }
        int total = 0;
        int cells;
        do {
            cells = tx.inTransaction(this::recomputeSomeTakenCells);
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

    private int recomputeSomeTakenCells(Connection c) throws SQLException {
        List<Cell> cells = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select day, category, grid, urgency from audit_dirty "
                + "where taken order by day, category, grid, urgency limit " + CELLS_AT_A_TIME)) {
            while (rs.next()) {
                cells.add(new Cell(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        if (cells.isEmpty()) {
            return 0;
        }
        // the days, from their requests
        Map<Key, AuditTally> days = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("select a.day, a.category, a.grid, a.urgency, coalesce(a.team_id, '') as team, "
                + AuditTally.REQUEST_COLUMNS + " from audit_request a join " + CELLS + " on a.day = x.day::date "
                + "and a.category = x.category and a.grid = x.grid and a.urgency = x.urgency")) {
            bindCells(c, s, cells);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    days.computeIfAbsent(key(rs), k -> new AuditTally()).addRequest(rs);
                }
            }
        }
        Map<Key, Rolled> dayTallies = new LinkedHashMap<>();
        days.forEach((k, t) -> dayTallies.put(k, Rolled.of(t)));
        replace(c, "audit_day", "day", cells, dayTallies);

        // their months, from the days: one key at a time (a merged tally holds its sketches' buckets densely)
        List<Cell> months = new ArrayList<>(new LinkedHashSet<>(cells.stream()
                .map(x -> new Cell(x.day().withDayOfMonth(1), x.category(), x.grid(), x.urgency())).toList()));
        Map<Key, Rolled> monthTallies = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("select x.day::date as month, d.category, d.grid, d.urgency, d.team_id, d.tally "
                + "from audit_day d join " + CELLS + " on d.day >= x.day::date and d.day < (x.day::date + interval '1 month') "
                + "and d.category = x.category and d.grid = x.grid and d.urgency = x.urgency order by 1, 2, 3, 4, 5")) {
            bindCells(c, s, months);
            try (ResultSet rs = s.executeQuery()) {
                Key current = null;
                AuditTally tally = null;
                while (rs.next()) {
                    Key k = new Key(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
                    if (!k.equals(current)) {
                        if (current != null) {
                            monthTallies.put(current, Rolled.of(tally));
                        }
                        current = k;
                        tally = new AuditTally();
                    }
                    tally.mergeEncoded(rs.getBytes(6));
                }
                if (current != null) {
                    monthTallies.put(current, Rolled.of(tally));
                }
            }
        }
        replace(c, "audit_month", "month", months, monthTallies);

        try (PreparedStatement s = c.prepareStatement("delete from audit_dirty d using " + CELLS + " where d.taken "
                + "and d.day = x.day::date and d.category = x.category and d.grid = x.grid and d.urgency = x.urgency")) {
            bindCells(c, s, cells);
            s.executeUpdate();
        }
        return cells.size();
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

    /** The rows of {@code cells} in {@code table} replaced by {@code tallies}. */
    private static void replace(Connection c, String table, String dayColumn, List<Cell> cells, Map<Key, Rolled> tallies)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("delete from " + table + " t using " + CELLS + " where t." + dayColumn
                + " = x.day::date and t.category = x.category and t.grid = x.grid and t.urgency = x.urgency")) {
            bindCells(c, s, cells);
            s.executeUpdate();
        }
        if (tallies.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("insert into " + table + " (" + dayColumn
                + ", category, grid, urgency, team_id, requests, tally) values (?, ?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<Key, Rolled> e : tallies.entrySet()) {
                Key k = e.getKey();
                s.setObject(1, k.day());
                s.setString(2, k.category());
                s.setString(3, k.grid());
                s.setString(4, k.urgency());
                s.setString(5, k.team());
                s.setLong(6, e.getValue().requests());
                s.setBytes(7, e.getValue().tally());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static Key key(ResultSet rs) throws SQLException {
        return new Key(rs.getObject("day", LocalDate.class), rs.getString("category"), rs.getString("grid"),
                rs.getString("urgency"), rs.getString("team"));
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

    /** After a rebuild of {@code audit_request} (in its transaction): no roll-up is kept, every cell is marked anew. */
    public static void reset(Connection c) throws SQLException {
        update(c, "delete from audit_day");
        update(c, "delete from audit_month");
        update(c, "delete from audit_dirty");
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
