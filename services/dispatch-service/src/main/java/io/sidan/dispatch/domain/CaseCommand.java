package io.sidan.dispatch.domain;

import java.time.Instant;
import java.util.List;

import io.sidan.contracts.domain.InvalidInput;
import io.sidan.contracts.events.DispatchMode;
import io.sidan.contracts.events.RejectionReason;
import io.sidan.contracts.events.SlaTargets;
import io.sidan.contracts.events.Urgency;
import io.sidan.contracts.events.VolunteerHours;

/** What can happen to a case: from the request service, from dispatchers, from teams, from the clock. */
public sealed interface CaseCommand {

    /** {@code preferredFrom}: the start of the resident's preferred window, or null. */
    record Open(String requestId, String requesterId, String category, String grid, Urgency urgency, String title,
                Instant submittedAt, SlaTargets sla, Instant preferredFrom) implements CaseCommand {
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

    /** The resident (or an admin) reopened the request (回头看). */
    record Reopen(String reason, int reopenCount) implements CaseCommand {
    }
}
