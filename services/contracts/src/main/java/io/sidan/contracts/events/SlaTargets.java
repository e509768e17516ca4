package io.sidan.contracts.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Service-level targets in minutes, from the catalogue's category × urgency and carried in the events
 * (so a later change of the catalogue does not rewrite history): dispatch within (from submission),
 * accept within (after each assignment or offer) and complete within (from submission, or from the
 * start of the resident's preferred window when that is later; from the reopening for a reopened
 * request). The due times below are the one definition the dispatch service's deadlines and
 * escalations, the audit's verdicts and the console's countdowns all use.
 */
public record SlaTargets(int dispatchMinutes, int acceptMinutes, int completeMinutes) {

    /** When the team must have accepted an assignment or offer made at {@code assignedAt} (to the second). */
    public Instant acceptBy(Instant assignedAt) {
        return assignedAt.truncatedTo(ChronoUnit.SECONDS).plusSeconds(60L * acceptMinutes);
    }

    /** When a request submitted at {@code submittedAt} must be completed; the clock starts at the preferred window (may be null), if later. */
    public Instant completeDue(Instant submittedAt, Instant preferredFrom) {
        Instant start = preferredFrom != null && preferredFrom.isAfter(submittedAt) ? preferredFrom : submittedAt;
        return start.plusSeconds(60L * completeMinutes);
    }

    /** When a request reopened at {@code reopenedAt} must be completed again. */
    public Instant completeDueAfterReopen(Instant reopenedAt) {
        return reopenedAt.plusSeconds(60L * completeMinutes);
    }
}
