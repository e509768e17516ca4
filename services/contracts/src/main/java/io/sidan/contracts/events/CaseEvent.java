package io.sidan.contracts.events;

import java.time.Instant;
import java.util.List;

/**
 * Facts about the dispatch and service of a request (stream id = request id), produced by the
 * dispatch service: 平台派单 and 团队接单. {@code attempt} numbers the assignments of a case from 1.
 */
public sealed interface CaseEvent extends SidanEvent {

    String requestId();

    /**
     * A case for a submitted request, with its SLA targets; {@code preferredFrom} is the start of the
     * resident's preferred window, when they gave one (the completion clock starts there if later).
     * {@code dispatchDue} and {@code completeDue} are the due times of a working-time SLA as the working-day
     * calendar counted them when the case opened (a later change of the calendar does not move them); absent
     * for an SLA counted around the clock, whose due times follow from the targets and the times here.
     */
    @EventType(name = "case.opened")
    record Opened(String requestId, @Nullable String requesterId, String category, String grid, Urgency urgency,
                  String title, Instant submittedAt, SlaTargets sla, @Nullable Instant preferredFrom,
                  @Nullable Instant dispatchDue, @Nullable Instant completeDue) implements CaseEvent {

        /** A case without recorded due times (as opened before they were). */
        public Opened(String requestId, String requesterId, String category, String grid, Urgency urgency, String title,
                      Instant submittedAt, SlaTargets sla, Instant preferredFrom) {
            this(requestId, requesterId, category, grid, urgency, title, submittedAt, sla, preferredFrom, null, null);
        }

        /** A case whose resident named no preferred window, without recorded due times. */
        public Opened(String requestId, String requesterId, String category, String grid, Urgency urgency, String title,
                      Instant submittedAt, SlaTargets sla) {
            this(requestId, requesterId, category, grid, urgency, title, submittedAt, sla, null, null, null);
        }
    }

    /** Assigned to one team, which must accept by {@code acceptBy} (接单时限). */
    @EventType(name = "case.assigned")
    record Assigned(String requestId, String teamId, DispatchMode mode, Instant acceptBy, int attempt,
                    @Nullable String note) implements CaseEvent {
    }

    /** Offered to several teams at once (抢单); the first to accept gets it. */
    @EventType(name = "case.offered")
    record Offered(String requestId, List<String> teamIds, Instant acceptBy, int attempt, @Nullable String note)
            implements CaseEvent {
    }

    @EventType(name = "case.accepted")
    record Accepted(String requestId, String teamId, DispatchMode mode, int attempt) implements CaseEvent {
    }

    /** The team declined; the case goes back to the queue and that team is not suggested again. */
    @EventType(name = "case.declined")
    record Declined(String requestId, String teamId, String reason, int attempt) implements CaseEvent {
    }

    /** Nobody accepted in time; the case goes back to the queue. */
    @EventType(name = "case.accept-expired")
    record AcceptExpired(String requestId, List<String> teamIds, Instant acceptBy, int attempt)
            implements CaseEvent {
    }

    /**
     * The escalation level rose; level 2 and above is supervised by admins (督办). {@code cause} names
     * the SLA clock (absent on events recorded before it was named).
     */
    @EventType(name = "case.escalated")
    record Escalated(String requestId, int level, String reason, @Nullable EscalationCause cause) implements CaseEvent {

        /** An escalation without a named cause, as recorded before causes were named. */
        public Escalated(String requestId, int level, String reason) {
            this(requestId, level, reason, null);
        }
    }

    @EventType(name = "case.rejected")
    record Rejected(String requestId, RejectionReason reason, @Nullable String detail, @Nullable String duplicateOf)
            implements CaseEvent {
    }

    /** The team is on site. */
    @EventType(name = "service.started")
    record ServiceStarted(String requestId, String teamId) implements CaseEvent {
    }

    @EventType(name = "service.progress-noted")
    record ProgressNoted(String requestId, String teamId, String text, boolean visibleToResident)
            implements CaseEvent {
    }

    /**
     * The team finished. Carries what the rating service needs to open the sheet without asking
     * anyone: the requester, the category and grid, the hours per volunteer, and the round (1 for the
     * first completion, 2 after one reopen, …).
     */
    @EventType(name = "service.completed")
    record ServiceCompleted(String requestId, String teamId, String summary, List<VolunteerHours> volunteerHours,
                            List<String> evidence, @Nullable String requesterId, String category, String grid, int round)
            implements CaseEvent {
    }

    @EventType(name = "case.cancelled")
    record Cancelled(String requestId, String reason) implements CaseEvent {
    }

    /**
     * Reopened after follow-up (回头看): back in the queue with a raised escalation level; for a working-time
     * SLA, with the due times counted anew from the reopening by the calendar then (absent: around the clock).
     */
    @EventType(name = "case.reopened")
    record Reopened(String requestId, String reason, int reopenCount, int escalationLevel, @Nullable Instant dispatchDue,
                    @Nullable Instant completeDue) implements CaseEvent {

        /** A reopen without recorded due times. */
        public Reopened(String requestId, String reason, int reopenCount, int escalationLevel) {
            this(requestId, reason, reopenCount, escalationLevel, null, null);
        }
    }
}
