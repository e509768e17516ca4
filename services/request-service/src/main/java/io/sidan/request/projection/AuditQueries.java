package io.sidan.request.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.sidan.kit.config.CentreConfig;

/**
 * Aggregates of {@code audit_request}: counts, the three rates, latency percentiles and SLA on-time
 * rates, grouped by period, category, grid or team. One pass of SQL over the projection, never the
 * event store.
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

    private static final String[] LATENCIES = {"dispatch_ms", "accept_ms", "accept_total_ms", "arrive_ms", "resolution_ms",
            "rating_ms", "close_ms"};

    private final CentreConfig centre;

    public AuditQueries(CentreConfig centre) {
        this.centre = centre;
    }

    public List<AuditFigures> figures(Connection c, Filter filter, GroupBy groupBy, Period period, Instant now)
            throws SQLException {
        String key = switch (groupBy) {
            case NONE -> "'all'";
            case CATEGORY -> "category";
            case GRID -> "grid";
            case TEAM -> "coalesce(team_id, '(none)')";
            case PERIOD -> switch (period == null ? Period.MONTH : period) {
                case DAY -> "to_char(submitted_at at time zone ?, 'YYYY-MM-DD')";
                case WEEK -> "to_char(submitted_at at time zone ?, 'IYYY-\"W\"IW')";
                case MONTH -> "to_char(submitted_at at time zone ?, 'YYYY-MM')";
                case QUARTER -> "to_char(submitted_at at time zone ?, 'YYYY-\"Q\"Q')";
            };
        };
        StringBuilder sql = new StringBuilder("select ").append(key).append(" as grp, count(*) as submitted, "
                + "count(*) filter (where cancelled) as cancelled, count(*) filter (where rejected) as rejected, "
                + "count(*) filter (where resolved) as resolved, "
                + "count(*) filter (where dispatch_verdict = 'MET') as dispatch_met, "
                + "count(*) filter (where " + breached("dispatch") + ") as dispatch_breached, "
                + "count(*) filter (where accept_verdict = 'MET') as accept_met, "
                + "count(*) filter (where " + breached("accept") + ") as accept_breached, "
                + "count(*) filter (where complete_verdict = 'MET') as complete_met, "
                + "count(*) filter (where " + breached("complete") + ") as complete_breached, "
                + "coalesce(sum(ratings), 0) as ratings, coalesce(sum(satisfied), 0) as satisfied, "
                + "coalesce(sum(no_response), 0) as no_response, coalesce(sum(bad_ratings), 0) as bad_ratings, "
                + "coalesce(sum(least(followed_up, bad_ratings)), 0) as followed_up, coalesce(sum(declines), 0) as declines, "
                + "coalesce(sum(expiries), 0) as expiries, count(*) filter (where escalation_level >= 1) as escalated, "
                + "count(*) filter (where escalation_level >= 2) as supervised, coalesce(sum(reopens), 0) as reopens");
        for (String l : LATENCIES) {
            sql.append(", count(").append(l).append(") as ").append(l).append("_n")
                    .append(", avg(").append(l).append(") as ").append(l).append("_mean")
                    .append(", percentile_disc(0.5) within group (order by ").append(l).append(") as ").append(l).append("_p50")
                    .append(", percentile_disc(0.9) within group (order by ").append(l).append(") as ").append(l).append("_p90")
                    .append(", percentile_disc(0.99) within group (order by ").append(l).append(") as ").append(l).append("_p99")
                    .append(", max(").append(l).append(") as ").append(l).append("_max");
        }
        List<Object> args = new ArrayList<>();
        if (groupBy == GroupBy.PERIOD) {
            args.add(centre.zone().getId());
        }
        for (int i = 0; i < 3; i++) {
            args.add(at(now)); // the three breached() conditions
        }
        sql.append(" from audit_request where submitted_at >= ? and submitted_at < ?");
        args.add(at(filter.from()));
        args.add(at(filter.to()));
        if (filter.category() != null) {
            sql.append(" and category = ?");
            args.add(filter.category());
        }
        if (filter.grid() != null) {
            sql.append(" and grid = ?");
            args.add(filter.grid());
        }
        if (filter.teamId() != null) {
            sql.append(" and team_id = ?");
            args.add(filter.teamId());
        }
        sql.append(" group by grp order by grp");
        List<AuditFigures> result = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    result.add(read(rs));
                }
            }
        }
        return result;
    }

    /** A clock that stopped late, or is still running past its due time. */
    private static String breached(String clock) {
        return clock + "_verdict = 'BREACHED' or (" + clock + "_verdict is null and " + clock + "_due_at < ?)";
    }

    private static AuditFigures read(ResultSet rs) throws SQLException {
        int submitted = rs.getInt("submitted");
        int cancelled = rs.getInt("cancelled");
        int rejected = rs.getInt("rejected");
        int resolved = rs.getInt("resolved");
        int ratings = rs.getInt("ratings");
        return new AuditFigures(rs.getString("grp"), submitted, cancelled, rejected, resolved,
                AuditFigures.Rate.of(rs.getInt("dispatch_met"), submitted),
                AuditFigures.Rate.of(resolved, submitted - cancelled - rejected),
                AuditFigures.Rate.of(rs.getInt("satisfied"), ratings),
                rs.getInt("no_response"), rs.getInt("bad_ratings"), rs.getInt("followed_up"),
                new AuditFigures.Latencies(stats(rs, "dispatch_ms"), stats(rs, "accept_ms"), stats(rs, "accept_total_ms"),
                        stats(rs, "arrive_ms"), stats(rs, "resolution_ms"), stats(rs, "rating_ms"), stats(rs, "close_ms")),
                new AuditFigures.Slas(sla(rs, "dispatch"), sla(rs, "accept"), sla(rs, "complete")),
                rs.getInt("declines"), rs.getInt("expiries"), rs.getInt("escalated"), rs.getInt("supervised"),
                rs.getInt("reopens"));
    }

    private static AuditFigures.Stats stats(ResultSet rs, String column) throws SQLException {
        return new AuditFigures.Stats(rs.getInt(column + "_n"), seconds(rs.getObject(column + "_mean")),
                seconds(rs.getObject(column + "_p50")), seconds(rs.getObject(column + "_p90")),
                seconds(rs.getObject(column + "_p99")), seconds(rs.getObject(column + "_max")));
    }

    private static AuditFigures.Sla sla(ResultSet rs, String clock) throws SQLException {
        int met = rs.getInt(clock + "_met");
        int breached = rs.getInt(clock + "_breached");
        return new AuditFigures.Sla(met, breached, AuditFigures.Rate.of(met, met + breached));
    }

    private static Double seconds(Object millis) {
        if (millis == null) {
            return null;
        }
        return Math.round(((Number) millis).doubleValue()) / 1000.0;
    }

    private static OffsetDateTime at(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
