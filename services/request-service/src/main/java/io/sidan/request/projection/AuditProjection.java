package io.sidan.request.projection;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sidan.contracts.envelope.EventJson;
import io.sidan.eventing.replay.Upsert;
import io.sidan.kit.config.CentreConfig;
import io.sidan.request.domain.AuditRecord;

/** Keeps {@code audit_request} — the audit figures of every request — in step with its history. */
@ApplicationScoped
public class AuditProjection {

    private static final Upsert ROW = new Upsert("audit_request", List.of("request_id", "category", "grid", "urgency",
            "channel", "team_id", "status", "submitted_at", "cancelled", "rejected", "resolved", "first_dispatched_at",
            "dispatch_ms", "dispatch_due_at", "dispatch_verdict", "accepted_at", "accept_ms", "accept_total_ms", "assignments",
            "accept_due_at", "accept_verdict", "started_at", "arrive_ms", "completed_at", "resolution_ms", "waiting_ms",
            "complete_due_at", "complete_verdict", "finalized_at", "rating_ms", "closed_at", "close_ms", "sla_dispatch_minutes",
            "sla_accept_minutes", "sla_complete_minutes", "declines", "expiries", "escalation_level", "reopens", "ratings",
            "satisfied", "no_response", "bad_ratings", "followed_up", "composite", "attempts", "updated_at", "day"));

    private final Clock clock;
    private final ZoneId zone;

    @Inject
    public AuditProjection(Clock clock, CentreConfig centre) {
        this(clock, centre.zone());
    }

    private AuditProjection(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    /** Outside the service (the benchmark's history generator): {@code zone} is the centre's, where a request's day is counted. */
    public static AuditProjection inZone(Clock clock, ZoneId zone) {
        return new AuditProjection(clock, zone);
    }

    public void write(Connection c, AuditRecord r) throws SQLException {
        ROW.write(c, values(r));
    }

    /** Many rows into the rebuild's fresh copy of the table, with one COPY. */
    public void copyAll(Connection c, List<AuditRecord> records) throws SQLException {
        List<Object[]> rows = new ArrayList<>(records.size());
        for (AuditRecord r : records) {
            rows.add(values(r));
        }
        ROW.copyAll(c, rows);
    }

    private Object[] values(AuditRecord r) {
        return new Object[] {r.requestId(), r.category(), r.grid(), r.urgency(), r.channel(), r.teamId(), r.status(),
                r.submittedAt(), r.cancelled(), r.rejected(), r.resolved(), r.firstDispatchedAt(), r.dispatchMs(),
                r.dispatchDueAt(), r.dispatchVerdict(), r.acceptedAt(), r.acceptMs(), r.acceptTotalMs(), r.assignments(),
                r.acceptDueAt(), r.acceptVerdict(), r.startedAt(), r.arriveMs(), r.completedAt(), r.resolutionMs(),
                r.waitingOnResidentMs(), r.completeDueAt(), r.completeVerdict(), r.finalizedAt(), r.ratingMs(),
                r.closedAt(), r.closeMs(), r.slaDispatchMinutes(), r.slaAcceptMinutes(), r.slaCompleteMinutes(),
                r.declines(), r.expiries(), r.escalationLevel(), r.reopens(), r.ratings(), r.satisfied(), r.noResponse(),
                r.badRatings(), r.followedUp(), r.composite(), json(r.attempts()), clock.instant(),
                LocalDate.ofInstant(r.submittedAt(), zone)};
    }

    private static String json(Object value) {
        try {
            return EventJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
