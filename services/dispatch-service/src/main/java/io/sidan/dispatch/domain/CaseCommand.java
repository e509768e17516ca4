package io.sidan.dispatch.domain;

import java.time.Instant;
import java.util.List;

import io.sidan.contracts.domain.InvalidInput;
import io.sidan.contracts.events.DispatchMode;
import io.sidan.contracts.events.RejectionReason;
import io.sidan.contracts.calendar.WorkingCalendar;
import io.sidan.contracts.events.SlaTargets;
import io.sidan.contracts.events.Urgency;
import io.sidan.contracts.events.VolunteerHours;

/** What can happen to a case: from the request service, from dispatchers, from teams, from the clock. */
public sealed interface CaseCommand {

    /**
     * {@code preferredFrom}: the start of the resident's preferred window, or null. {@code dispatchDue} and
     * {@code completeDue}: a working-time SLA's due times by the calendar (null for a natural clock).
     */
    record Open(String requestId, String requesterId, String category, String grid, Urgency urgency, String title,
                Instant submittedAt, SlaTargets sla, Instant preferredFrom, Instant dispatchDue, Instant completeDue)
            implements CaseCommand {

        public Open(String requestId, String requesterId, String category, String grid, Urgency urgency, String title,
                    Instant submittedAt, SlaTargets sla, Instant preferredFrom) {
            this(requestId, requesterId, category, grid, urgency, title, submittedAt, sla, preferredFrom, null, null);
        }

        /** With the due times a working-time SLA has by {@code calendar}; as it is for a natural clock. */
        public Open dueBy(WorkingCalendar calendar) {
            if (sla == null || !sla.workingTime()) {
                return this;
            }
            return new Open(requestId, requesterId, category, grid, urgency, title, submittedAt, sla, preferredFrom,
                    sla.dispatchDue(submittedAt, calendar), sla.completeDue(submittedAt, preferredFrom, calendar));
        }
    }

    /** Directive (a dispatcher) or automatic (the platform's policy) assignment to one team. */
    record Assign(TeamFacts team, DispatchMode mode, Instant acceptBy, String note) implements CaseCommand {
    }

    /** Open grab: offered to several teams at once. */
    record Offer(List<TeamFacts> teams, Instant acceptBy, String note) implements CaseCommand {
    }

    record Accept(TeamFacts team, Instant now) implements CaseCommand {
    }

    record Decline(String teamId, String reason) implements CaseCommand {
    }

    /** The clock's check: expire an assignment or offer whose deadline passed. */
    record Expire(Instant now) implements CaseCommand {
    }

    /** The clock's check: a case waiting past its dispatch SLA is escalated (once). */
    record EscalateOverdue(Instant now) implements CaseCommand {
    }

    /** The clock's check: a case not completed within its SLA is escalated to admins (督办), once per round. */
    record EscalateCompletionOverdue(Instant now) implements CaseCommand {
    }

    /** A DUPLICATE rejection names the request it duplicates. */
    record Reject(RejectionReason reason, String detail, String duplicateOf) implements CaseCommand {
        public Reject {
            if (reason == RejectionReason.DUPLICATE && duplicateOf == null) {
                throw new InvalidInput("duplicateOf", "is required when the reason is DUPLICATE");
            }
        }
    }

    record Start(String teamId) implements CaseCommand {
    }

    record Note(String teamId, String text, boolean visibleToResident) implements CaseCommand {
    }

    record Complete(String teamId, String summary, List<VolunteerHours> volunteerHours, List<String> evidence)
            implements CaseCommand {
    }

    /** The resident cancelled the request. */
    record Cancel(String reason) implements CaseCommand {
    }

    /**
     * The resident (or an admin) reopened the request (回头看); for a working-time SLA, with its due times
     * counted from the reopening by the calendar (null for a natural clock).
     */
    record Reopen(String reason, int reopenCount, Instant dispatchDue, Instant completeDue) implements CaseCommand {

        public Reopen(String reason, int reopenCount) {
            this(reason, reopenCount, null, null);
        }

        /** A reopen at {@code now} of a case with targets {@code sla}, counted by {@code calendar} if in working time. */
        public static Reopen at(String reason, int reopenCount, SlaTargets sla, Instant now, WorkingCalendar calendar) {
            if (sla == null || !sla.workingTime()) {
                return new Reopen(reason, reopenCount);
            }
            return new Reopen(reason, reopenCount, sla.dispatchDue(now, calendar), sla.completeDueAfterReopen(now, calendar));
        }
    }
}
