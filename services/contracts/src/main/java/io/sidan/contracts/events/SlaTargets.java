package io.sidan.contracts.events;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.sidan.contracts.calendar.WorkingCalendar;

/**
 * Service-level targets in minutes, from the catalogue's category × urgency and carried in the events
 * (so a later change of the catalogue does not rewrite history): dispatch within (from submission),
 * accept within (after each assignment or offer) and complete within (from submission, or from the
 * start of the resident's preferred window when that is later; from the reopening for a reopened
 * request). {@code clock} says how the minutes count: around the clock (absent: as before clocks were
 * named), or in working time by the working-day calendar. The due times below are the one definition
 * the dispatch service's deadlines and escalations, the audit's verdicts and the console's countdowns all
 * use; a calendar is needed only for a working-time clock.
 */
public record SlaTargets(int dispatchMinutes, int acceptMinutes, int completeMinutes, @Nullable SlaClock clock) {

    /** Targets counted around the clock. */
    public SlaTargets(int dispatchMinutes, int acceptMinutes, int completeMinutes) {
        this(dispatchMinutes, acceptMinutes, completeMinutes, null);
    }

    /** The same targets counted by {@code clock} (a category's, carried into a request's events). */
    public SlaTargets withClock(SlaClock clock) {
        return new SlaTargets(dispatchMinutes, acceptMinutes, completeMinutes, clock == SlaClock.NATURAL ? null : clock);
    }

    public boolean workingTime() {
        return clock == SlaClock.WORKING;
    }

    /** When a request (re-)entering the queue at {@code from} must have been dispatched. */
    public Instant dispatchDue(Instant from, WorkingCalendar calendar) {
        return after(from, dispatchMinutes, calendar);
    }

    /** When the team must have accepted an assignment or offer made at {@code assignedAt} (to the second). */
    public Instant acceptBy(Instant assignedAt, WorkingCalendar calendar) {
        return after(assignedAt.truncatedTo(ChronoUnit.SECONDS), acceptMinutes, calendar);
    }

    /** When a request submitted at {@code submittedAt} must be completed; the clock starts at the preferred window (may be null), if later. */
    public Instant completeDue(Instant submittedAt, Instant preferredFrom, WorkingCalendar calendar) {
        Instant start = preferredFrom != null && preferredFrom.isAfter(submittedAt) ? preferredFrom : submittedAt;
        return after(start, completeMinutes, calendar);
    }

    /** When a request reopened at {@code reopenedAt} must be completed again. */
    public Instant completeDueAfterReopen(Instant reopenedAt, WorkingCalendar calendar) {
        return after(reopenedAt, completeMinutes, calendar);
    }

    /** How much of the time from {@code from} to {@code to} this clock counts. */
    public Duration counted(Instant from, Instant to, WorkingCalendar calendar) {
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        return workingTime() ? required(calendar).workingTimeBetween(from, to) : Duration.between(from, to);
    }

    private Instant after(Instant start, int minutes, WorkingCalendar calendar) {
        return workingTime() ? required(calendar).plusWorkingMinutes(start, minutes) : start.plusSeconds(60L * minutes);
    }

    private static WorkingCalendar required(WorkingCalendar calendar) {
        if (calendar == null) {
            throw new IllegalStateException("a working-time SLA clock needs the working-day calendar");
        }
        return calendar;
    }
}
