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
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The audit figures of single requests, for lists, CSV exports and case files. */
@ApplicationScoped
public class AuditRows {

    @Schema(name = "AuditRow", description = "One request's audit figures; latencies in seconds, verdicts MET or BREACHED "
            + "(a running clock past due counts as BREACHED)")
    public record Row(String requestId, String title, String category, String grid, String urgency, String channel,
                      String teamId, String status, Instant submittedAt, Instant firstDispatchedAt, Instant acceptedAt,
                      Instant startedAt, Instant completedAt, Instant finalizedAt, Instant closedAt, Double dispatchSeconds,
                      Double acceptSeconds, Double acceptTotalSeconds, Double arriveSeconds, Double resolutionSeconds,
                      Double waitingOnResidentSeconds, Double ratingSeconds, Double closeSeconds, String dispatchVerdict,
                      String acceptVerdict, String completeVerdict, int slaDispatchMinutes, int slaAcceptMinutes,
                      int slaCompleteMinutes, int assignments, int declines, int expiries, int escalationLevel, int reopens,
                      int ratings, int satisfied, int noResponse, int badRatings, int followedUp, Double composite,
                      @Schema(description = "Each assignment or offer and how it ended (JSON)") String attempts) {
    }

    public List<Row> rows(Connection c, AuditQueries.Filter filter, String breached, Instant now, int page, int size)
            throws SQLException {
        StringBuilder sql = new StringBuilder("select a.*, v.title from audit_request a join request_view v on v.id = a.request_id "
                + "where a.submitted_at >= ? and a.submitted_at < ?");
        List<Object> args = new ArrayList<>(List.of(at(filter.from()), at(filter.to())));
        if (filter.category() != null) {
            sql.append(" and a.category = ?");
            args.add(filter.category());
        }
        if (filter.grid() != null) {
            sql.append(" and a.grid = ?");
            args.add(filter.grid());
        }
        if (filter.teamId() != null) {
            sql.append(" and a.team_id = ?");
            args.add(filter.teamId());
        }
        if (breached != null) {
            sql.append(" and (a.").append(breached).append("_verdict = 'BREACHED' or (a.").append(breached)
                    .append("_verdict is null and a.").append(breached).append("_due_at < ?))");
            args.add(at(now));
        }
        sql.append(" order by a.submitted_at, a.request_id limit ? offset ?");
        args.add(size);
        args.add((long) page * size);
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(read(rs, now));
                }
            }
        }
        return rows;
    }

    public Optional<Row> row(Connection c, String requestId, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select a.*, v.title from audit_request a "
                + "join request_view v on v.id = a.request_id where a.request_id = ?")) {
            s.setString(1, requestId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(read(rs, now)) : Optional.empty();
            }
        }
    }

    private static Row read(ResultSet rs, Instant now) throws SQLException {
        return new Row(rs.getString("request_id"), rs.getString("title"), rs.getString("category"), rs.getString("grid"),
                rs.getString("urgency"), rs.getString("channel"), rs.getString("team_id"), rs.getString("status"),
                instant(rs, "submitted_at"), instant(rs, "first_dispatched_at"), instant(rs, "accepted_at"),
                instant(rs, "started_at"), instant(rs, "completed_at"), instant(rs, "finalized_at"), instant(rs, "closed_at"),
                seconds(rs, "dispatch_ms"), seconds(rs, "accept_ms"), seconds(rs, "accept_total_ms"), seconds(rs, "arrive_ms"),
                seconds(rs, "resolution_ms"), seconds(rs, "waiting_ms"), seconds(rs, "rating_ms"), seconds(rs, "close_ms"),
                verdict(rs, "dispatch", now), verdict(rs, "accept", now), verdict(rs, "complete", now),
                rs.getInt("sla_dispatch_minutes"), rs.getInt("sla_accept_minutes"), rs.getInt("sla_complete_minutes"),
                rs.getInt("assignments"), rs.getInt("declines"), rs.getInt("expiries"), rs.getInt("escalation_level"),
                rs.getInt("reopens"), rs.getInt("ratings"), rs.getInt("satisfied"), rs.getInt("no_response"),
                rs.getInt("bad_ratings"), rs.getInt("followed_up"), (Double) rs.getObject("composite"), rs.getString("attempts"));
    }

    private static String verdict(ResultSet rs, String clock, Instant now) throws SQLException {
        String verdict = rs.getString(clock + "_verdict");
        if (verdict != null) {
            return verdict;
        }
        Instant due = instant(rs, clock + "_due_at");
        return due != null && due.isBefore(now) ? "BREACHED" : null;
    }

    private static Double seconds(ResultSet rs, String column) throws SQLException {
        Object v = rs.getObject(column);
        return v == null ? null : ((Number) v).longValue() / 1000.0;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime at(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
