package io.sidan.request.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import io.sidan.kit.config.CentreConfig;

/**
 * The audit figures of the requests submitted in a range, grouped by period, category, grid or team.
 *
 * <p>A range is read in parts ({@link Part}): whole months from {@code audit_month}, the other whole
 * days from {@code audit_day}, and raw {@code audit_request} rows only at its edges (the parts of days it
 * cuts) and for the cells whose roll-ups are being redone ({@code audit_dirty}). The parts' tallies are
 * merged into the groups. Counts and rates are exact; percentiles are within the sketch's accuracy
 * ({@link LatencySketch}). Read it in one snapshot ({@link #oneSnapshot}) so the parts fit together.
 */
@ApplicationScoped
public class AuditQueries {

    /** What to group by. */
    public enum GroupBy { NONE, PERIOD, CATEGORY, GRID, TEAM }

    /** Period lengths for GroupBy.PERIOD. */
    public enum Period { DAY, WEEK, MONTH, QUARTER }

    /** Filters of a report: submitted in [from, to), optionally one category, grid or team. */
    public record Filter(Instant from, Instant to, String category, String grid, String teamId) {
    }

    /** Where the parts come from: the roll-ups where they hold the figures, or every request's row (to check them). */
    public enum Source { ROLL_UPS, REQUESTS }

    /**
     * The roll-ups' levels: {@code FULL} per category × grid × urgency × team, the others merged to the
     * dimensions they name ({@code ''} in the dimensions they drop). The number is the rows' {@code level}.
     */
    public enum Level {
        FULL, TOTAL, CATEGORY, GRID, TEAM;

        /** The smallest level with every dimension a report filters or groups by. */
        public static Level covering(Filter f, GroupBy by) {
            boolean category = f.category() != null || by == GroupBy.CATEGORY;
            boolean grid = f.grid() != null || by == GroupBy.GRID;
            boolean team = f.teamId() != null || by == GroupBy.TEAM;
            int dimensions = (category ? 1 : 0) + (grid ? 1 : 0) + (team ? 1 : 0);
            if (dimensions > 1) {
                return FULL;
            }
            return category ? CATEGORY : grid ? GRID : team ? TEAM : TOTAL;
        }

        /** A full row's dimensions as this level keeps them: {category, grid, urgency, team}. */
        String[] keep(String category, String grid, String urgency, String team) {
            return switch (this) {
                case FULL -> new String[] {category, grid, urgency, team};
                case TOTAL -> new String[] {"", "", "", ""};
                case CATEGORY -> new String[] {category, "", "", ""};
                case GRID -> new String[] {"", grid, "", ""};
                case TEAM -> new String[] {"", "", "", team};
            };
        }
    }

    /**
     * Some requests of one day (or of one whole month: {@code month}, the day its first) in one cell and team,
     * their tally kept encoded (a decoded one holds a sketch's buckets densely, and a report reads thousands).
     */
    public record Part(LocalDate day, boolean month, String category, String grid, String urgency, String teamId,
                       byte[] tally) {
    }

    private final ZoneId zone;

    public AuditQueries(CentreConfig centre) {
        this.zone = centre.zone();
    }

    /**
     * The first statement of a transaction that reads parts: all its statements then see the same data, each
     * planned for its values ({@link #planForTheirValues}).
     */
    public static void oneSnapshot(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("set transaction isolation level repeatable read, read only");
        }
        planForTheirValues(c);
    }

    /**
     * Plans the rest of this transaction's statements for the values they are given. A report's statements read
     * the same way whatever their range (a day's edge, two years), and after five runs PostgreSQL may keep one
     * generic plan for every value: one that walks the submission index over its guess of a range, or the
     * requests past due without their partial index. Measured at a million requests: a two-year summary's
     * statements took 280 ms with generic plans, 10 ms planned each time (docs/benchmarks-profile.md).
     */
    public static void planForTheirValues(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("set local plan_cache_mode = force_custom_plan");
        }
    }

    public List<AuditFigures> figures(Connection c, Filter filter, GroupBy groupBy, Period period, Instant now)
            throws SQLException {
        return group(parts(c, filter, Level.covering(filter, groupBy), byDay(groupBy, period), now, Source.ROLL_UPS), groupBy,
                period);
    }

    /** Whether a grouping needs parts of single days (whole months cannot be split into days or weeks). */
    public static boolean byDay(GroupBy groupBy, Period period) {
        return groupBy == GroupBy.PERIOD && (period == Period.DAY || period == Period.WEEK);
    }

    /** The groups of the parts, in the order of their keys. */
    public static List<AuditFigures> group(List<Part> parts, GroupBy groupBy, Period period) {
        Map<String, AuditTally> groups = new TreeMap<>();
        for (Part p : parts) {
            String key = switch (groupBy) {
                case NONE -> "all";
                case CATEGORY -> p.category();
                case GRID -> p.grid();
                case TEAM -> p.teamId() == null ? "(none)" : p.teamId();
                case PERIOD -> period(p, period == null ? Period.MONTH : period);
            };
            groups.computeIfAbsent(key, k -> new AuditTally()).mergeEncoded(p.tally());
        }
        List<AuditFigures> figures = new ArrayList<>(groups.size());
        groups.forEach((key, tally) -> figures.add(tally.figures(key)));
        return figures;
    }

    private static String period(Part p, Period period) {
        if (p.month() && (period == Period.DAY || period == Period.WEEK)) {
            throw new IllegalStateException("a whole month's part cannot be grouped by " + period);
        }
        LocalDate d = p.day();
        return switch (period) {
            case DAY -> d.toString();
            case WEEK -> d.get(IsoFields.WEEK_BASED_YEAR) + "-W" + String.format("%02d", d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTH -> YearMonth.from(d).toString();
            case QUARTER -> d.getYear() + "-Q" + d.get(IsoFields.QUARTER_OF_YEAR);
        };
    }

    /**
     * The parts of a range, from the roll-ups at {@code level} (it must cover the filter's dimensions) where
     * they hold the figures: whole months without a changed day from {@code audit_month} (none with
     * {@code byDay}), other whole days without a change from {@code audit_day}; a changed day from its
     * unchanged cells' rows and its changed cells' requests; the parts of days the range cuts from the
     * requests. Running clocks past due at {@code now} are added as breached.
     */
    public List<Part> parts(Connection c, Filter filter, Level level, boolean byDay, Instant now, Source source)
            throws SQLException {
        List<Part> parts = new ArrayList<>();
        Range whole = wholeDays(filter.from(), filter.to());
        if (source == Source.REQUESTS || whole.isEmpty()) {
            requests(c, filter, List.<Instant[]>of(new Instant[] {filter.from(), filter.to()}), parts);
        } else {
            Set<LocalDate> changed = new TreeSet<>();
            try (PreparedStatement s = c.prepareStatement("select distinct day from audit_dirty where day >= ? and day < ?")) {
                s.setObject(1, whole.from());
                s.setObject(2, whole.to());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        changed.add(rs.getObject(1, LocalDate.class));
                    }
                }
            }
            Range months = byDay ? Range.NONE : wholeMonths(whole);
            List<LocalDate> cleanMonths = new ArrayList<>();
            for (LocalDate m = months.from(); m.isBefore(months.to()); m = m.plusMonths(1)) {
                LocalDate month = m;
                if (changed.stream().noneMatch(d -> YearMonth.from(d).equals(YearMonth.from(month)))) {
                    cleanMonths.add(m);
                }
            }
            List<LocalDate> cleanDays = new ArrayList<>();
            for (LocalDate d = whole.from(); d.isBefore(whole.to()); d = d.plusDays(1)) {
                if (!changed.contains(d) && !cleanMonths.contains(d.withDayOfMonth(1))) {
                    cleanDays.add(d);
                }
            }
            readRollUps(c, "select d.month, d.category, d.grid, d.urgency, d.team_id, d.tally from audit_month d "
                    + "where d.level = ? and d.month = any(?)", filter, level, true, cleanMonths, parts);
            readRollUps(c, "select d.day, d.category, d.grid, d.urgency, d.team_id, d.tally from audit_day d "
                    + "where d.level = ? and d.day = any(?)", filter, level, false, cleanDays, parts);
            // changed days: their unchanged cells from the roll-ups, their changed cells from the requests
            readRollUps(c, "select d.day, d.category, d.grid, d.urgency, d.team_id, d.tally from audit_day d "
                    + "where d.level = ? and d.day = any(?) and not exists (select 1 from audit_dirty x where x.day = d.day "
                    + SAME_CELL + ")", filter, Level.FULL, false, List.copyOf(changed), parts);
            read(c, "select a.day, a.category, a.grid, a.urgency, a.team_id, " + AuditTally.REQUEST_COLUMNS
                    + " from (select distinct day, category, grid, urgency from audit_dirty where day >= ? and day < ?) x "
                    + "join audit_request a on a.day = x.day and a.category = x.category and a.grid = x.grid and a.urgency = x.urgency "
                    + "where true" + where(filter, "a"), filter, List.of(whole.from(), whole.to()),
                    (rs, tally) -> tally.addRequest(rs), parts);
            // the edges: the parts of days the range cuts
            List<Instant[]> edges = new ArrayList<>();
            Instant wholeStart = whole.from().atStartOfDay(zone).toInstant();
            Instant wholeEnd = whole.to().atStartOfDay(zone).toInstant();
            if (filter.from().isBefore(wholeStart)) {
                edges.add(new Instant[] {filter.from(), wholeStart});
            }
            if (wholeEnd.isBefore(filter.to())) {
                edges.add(new Instant[] {wholeEnd, filter.to()});
            }
            requests(c, filter, edges, parts);
        }
        // clocks still running and past due by now, one clock at a time (each by its own partial index)
        for (String clock : AuditTally.CLOCKS) {
            read(c, "select a.day, a.category, a.grid, a.urgency, a.team_id, count(*) from audit_request a where a." + clock
                    + "_verdict is null and a." + clock + "_due_at < ? and a.submitted_at >= ? and a.submitted_at < ?"
                    + where(filter, "a") + " group by 1, 2, 3, 4, 5", filter, List.of(at(now), at(filter.from()), at(filter.to())),
                    (rs, tally) -> tally.addPastDue(clock, rs.getLong(6)), parts);
        }
        return parts;
    }

    private static final String SAME_CELL = "and x.category = d.category and x.grid = d.grid and x.urgency = d.urgency";

    /** Days [from, to); empty when from is not before to. */
    private record Range(LocalDate from, LocalDate to) {
        static final Range NONE = new Range(LocalDate.EPOCH, LocalDate.EPOCH);

        boolean isEmpty() {
            return !from.isBefore(to);
        }
    }

    /** The days wholly inside [from, to), in the centre's zone. */
    private Range wholeDays(Instant from, Instant to) {
        LocalDate first = LocalDate.ofInstant(from, zone);
        if (first.atStartOfDay(zone).toInstant().isBefore(from)) {
            first = first.plusDays(1);
        }
        LocalDate end = LocalDate.ofInstant(to, zone);
        return first.isBefore(end) ? new Range(first, end) : Range.NONE;
    }

    private static Range wholeMonths(Range days) {
        LocalDate first = days.from().getDayOfMonth() == 1 ? days.from() : days.from().withDayOfMonth(1).plusMonths(1);
        LocalDate end = days.to().withDayOfMonth(1);
        return first.isBefore(end) ? new Range(first, end) : Range.NONE;
    }

    private void requests(Connection c, Filter filter, List<Instant[]> ranges, List<Part> parts) throws SQLException {
        if (ranges.isEmpty()) {
            return;
        }
        List<Object> args = new ArrayList<>();
        List<String> conditions = new ArrayList<>();
        for (Instant[] r : ranges) {
            conditions.add("(a.submitted_at >= ? and a.submitted_at < ?)");
            args.add(at(r[0]));
            args.add(at(r[1]));
        }
        read(c, "select a.day, a.category, a.grid, a.urgency, a.team_id, " + AuditTally.REQUEST_COLUMNS + " from audit_request a "
                + "where (" + String.join(" or ", conditions) + ")" + where(filter, "a"), filter, args,
                (rs, tally) -> tally.addRequest(rs), parts);
    }

    private interface RowReader {
        void add(ResultSet rs, AuditTally tally) throws SQLException;
    }

    /** Raw rows as parts, one per day, cell and team (the grouping merges them). */
    private static void read(Connection c, String sql, Filter filter, List<Object> args, RowReader reader, List<Part> parts)
            throws SQLException {
        record Key(LocalDate day, String category, String grid, String urgency, String teamId) {
        }
        Map<Key, AuditTally> tallies = new java.util.HashMap<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = bind(s, 1, args);
            bindFilter(s, i, filter);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Key k = new Key(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5));
                    reader.add(rs, tallies.computeIfAbsent(k, x -> new AuditTally()));
                }
            }
        }
        tallies.forEach((k, t) -> parts.add(new Part(k.day(), false, k.category(), k.grid(), k.urgency(), k.teamId(), t.encode())));
    }

    private static void readRollUps(Connection c, String sql, Filter filter, Level level, boolean months, List<LocalDate> days,
                                    List<Part> parts) throws SQLException {
        if (days.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(sql + where(filter, "d"))) {
            s.setShort(1, (short) level.ordinal());
            s.setArray(2, c.createArrayOf("date", days.toArray()));
            bindFilter(s, 3, filter);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String team = rs.getString(5);
                    parts.add(new Part(rs.getObject(1, LocalDate.class), months, rs.getString(2), rs.getString(3), rs.getString(4),
                            team.isEmpty() ? null : team, rs.getBytes(6)));
                }
            }
        }
    }

    /** The filter's conditions on table alias {@code t}, each after an "and". */
    private static String where(Filter f, String t) {
        StringBuilder sql = new StringBuilder();
        if (f.category() != null) {
            sql.append(" and ").append(t).append(".category = ?");
        }
        if (f.grid() != null) {
            sql.append(" and ").append(t).append(".grid = ?");
        }
        if (f.teamId() != null) {
            sql.append(" and ").append(t).append(".team_id = ?");
        }
        return sql.toString();
    }

    private static int bind(PreparedStatement s, int from, List<Object> args) throws SQLException {
        int i = from;
        for (Object a : args) {
            s.setObject(i++, a);
        }
        return i;
    }

    private static void bindFilter(PreparedStatement s, int from, Filter f) throws SQLException {
        int i = from;
        if (f.category() != null) {
            s.setString(i++, f.category());
        }
        if (f.grid() != null) {
            s.setString(i++, f.grid());
        }
        if (f.teamId() != null) {
            s.setString(i, f.teamId());
        }
    }

    private static OffsetDateTime at(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
