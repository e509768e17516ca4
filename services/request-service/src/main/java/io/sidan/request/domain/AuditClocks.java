package io.sidan.request.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.sidan.contracts.calendar.WorkingCalendar;
import io.sidan.contracts.events.CaseEvent;
import io.sidan.contracts.events.Party;
import io.sidan.contracts.events.RatingEvent;
import io.sidan.contracts.events.RequestEvent;
import io.sidan.contracts.events.SlaTargets;

/**
 * Derives a request's {@link AuditRecord} from its three streams, folded event by event (the same events and
 * calendar always give the same figures). Each stream is folded in its own version order; the three are
 * independent, so a fold kept between events and given one more of any stream equals folding them all again.
 * Durations are natural time; the verdicts count with the request's SLA clock, in working time by
 * {@code calendar} when the category says so.
 *
 * <p>A fold is a mutable accumulator used by one thread at a time; the request view keeps one per request
 * between events (as JSON, field by field).
 */
public final class AuditClocks {

    /** What the figures need of the submission (no personal field). */
    public record Submission(String requestId, String category, String grid, String urgency, String channel,
                             SlaTargets sla, Instant submittedAt, Instant preferredFrom) {
    }

    // the submission, from the first own event
    private Submission submission;

    // the resident's own stream: reopens, closing
    private int reopens;
    private Instant closedAt;
    private List<Instant> reopenedAt = new ArrayList<>();

    // the dispatch stream: assignments, acceptance, service, per round
    private int round = 1;
    private Instant firstDispatch;
    private Instant currentAssignmentAt;
    private Instant acceptedAt;
    private Long acceptMs;
    private Instant acceptedAssignmentAt; // the first round's accepted assignment: made, and accepted
    private Instant firstAcceptedAt;
    private Long acceptTotalMs;
    private Instant startedAt;
    private Instant completedAt;
    private Instant pendingAcceptBy;
    private String team;
    private int declines;
    private int expiries;
    private int escalation;
    private int assignments;
    private List<AuditRecord.Attempt> attempts = new ArrayList<>();
    private List<Instant> completions = new ArrayList<>();
    private Instant roundFirstAssignment;
    private List<String> currentTeams = List.of();
    private int currentAttempt;

    // the rating stream: ratings, satisfaction, flags, follow-ups, finalization
    private int ratings;
    private int satisfied;
    private int noResponse;
    private int bad;
    private int followedUp;
    private Instant finalizedAt;
    private Double composite;

    /** Nothing folded yet. */
    public AuditClocks() {
    }

    /**
     * The figures from a request's three streams, each in its own version order (the rebuild's way, and the
     * tests'): {@code submitted} at {@code submittedAt} first, then {@code own} (its submission again is ignored).
     */
    public static AuditRecord compute(RequestEvent.Submitted submitted, Instant submittedAt, RequestStatus status,
                                      List<Timed<RequestEvent>> own, List<Timed<CaseEvent>> dispatch,
                                      List<Timed<RatingEvent>> rating, WorkingCalendar calendar) {
        AuditClocks clocks = new AuditClocks();
        clocks.apply(submitted, submittedAt);
        own.forEach(t -> clocks.apply(t.event(), t.at()));
        dispatch.forEach(t -> clocks.apply(t.event(), t.at()));
        rating.forEach(t -> clocks.apply(t.event(), t.at()));
        return clocks.record(status, calendar);
    }

    /** Whether the request's submission was folded: only then are there figures. */
    public boolean submitted() {
        return submission != null;
    }

    /** One event of the request's own stream. */
    public void apply(RequestEvent event, Instant at) {
        switch (event) {
            case RequestEvent.Submitted s -> {
                if (submission == null) {
                    submission = new Submission(s.requestId(), s.category(), s.location().grid(), s.urgency().name(),
                            s.channel().name(), s.sla(), at, s.preferredWindow() == null ? null : s.preferredWindow().from());
                }
            }
            case RequestEvent.Reopened r -> {
                reopens = r.reopenCount();
                reopenedAt.add(at);
                closedAt = null;
            }
            case RequestEvent.Closed c -> closedAt = at;
            default -> {
            }
        }
    }

    /** One event of the dispatch service's stream of the request. */
    public void apply(CaseEvent event, Instant at) {
        switch (event) {
            case CaseEvent.Assigned a -> assigned(List.of(a.teamId()), a.attempt(), a.acceptBy(), at);
            case CaseEvent.Offered o -> assigned(List.copyOf(o.teamIds()), o.attempt(), o.acceptBy(), at);
            case CaseEvent.Accepted a -> {
                team = a.teamId();
                acceptedAt = at;
                if (currentAssignmentAt != null) {
                    long ms = Duration.between(currentAssignmentAt, at).toMillis();
                    attempts.add(new AuditRecord.Attempt(currentAttempt, currentTeams, currentAssignmentAt, at, "ACCEPTED", ms));
                    if (round == 1) {
                        acceptMs = ms;
                        acceptedAssignmentAt = currentAssignmentAt;
                        firstAcceptedAt = at;
                        acceptTotalMs = Duration.between(roundFirstAssignment, at).toMillis();
                    }
                }
                currentAssignmentAt = null;
                pendingAcceptBy = null;
            }
            case CaseEvent.Declined d -> {
                declines++;
                if (currentTeams.size() <= 1 && currentAssignmentAt != null) {
                    attempts.add(new AuditRecord.Attempt(currentAttempt, currentTeams, currentAssignmentAt, at, "DECLINED",
                            Duration.between(currentAssignmentAt, at).toMillis()));
                    currentAssignmentAt = null;
                    pendingAcceptBy = null;
                } else {
                    List<String> left = new ArrayList<>(currentTeams);
                    left.remove(d.teamId());
                    currentTeams = List.copyOf(left);
                }
            }
            case CaseEvent.AcceptExpired e -> {
                expiries++;
                if (currentAssignmentAt != null) {
                    attempts.add(new AuditRecord.Attempt(currentAttempt, currentTeams, currentAssignmentAt, at, "EXPIRED",
                            Duration.between(currentAssignmentAt, at).toMillis()));
                }
                currentAssignmentAt = null;
                pendingAcceptBy = null;
            }
            case CaseEvent.Escalated e -> escalation = Math.max(escalation, e.level());
            case CaseEvent.ServiceStarted s -> startedAt = at;
            case CaseEvent.ServiceCompleted c -> {
                completedAt = at;
                completions.add(at);
            }
            case CaseEvent.Reopened r -> {
                round++;
                roundFirstAssignment = null;
                escalation = Math.max(escalation, r.escalationLevel());
            }
            default -> {
            }
        }
    }

    /** An assignment or an offer to {@code teams}. */
    private void assigned(List<String> teams, int attempt, Instant acceptBy, Instant at) {
        assignments++;
        if (round == 1 && firstDispatch == null) {
            firstDispatch = at;
        }
        roundFirstAssignment = roundFirstAssignment == null ? at : roundFirstAssignment;
        currentAssignmentAt = at;
        currentTeams = teams;
        currentAttempt = attempt;
        pendingAcceptBy = acceptBy;
    }

    /** One event of the rating service's sheet of the request. */
    public void apply(RatingEvent event, Instant at) {
        switch (event) {
            case RatingEvent.Submitted s -> {
                if (s.party() != Party.TEAM) {
                    ratings++;
                    satisfied += s.scores().overall() >= 4 ? 1 : 0;
                }
            }
            case RatingEvent.Flagged f -> bad += f.party() == Party.TEAM ? 0 : 1;
            case RatingEvent.FollowedUp f -> followedUp++;
            case RatingEvent.Finalized f -> {
                finalizedAt = at;
                composite = f.composite();
                noResponse += f.noResponse().size();
            }
            default -> {
            }
        }
    }

    /** The figures of what was folded, for a request now in {@code status}; verdicts counted with {@code calendar}. */
    public AuditRecord record(RequestStatus status, WorkingCalendar calendar) {
        if (submission == null) {
            throw new IllegalStateException("no submission folded");
        }
        SlaTargets sla = submission.sla();
        Instant submittedAt = submission.submittedAt();
        boolean cancelled = status == RequestStatus.CANCELLED;
        boolean rejected = status == RequestStatus.REJECTED;
        boolean resolved = status == RequestStatus.COMPLETED || status == RequestStatus.RATED || status == RequestStatus.CLOSED;

        List<AuditRecord.Attempt> allAttempts = new ArrayList<>(attempts);
        if (currentAssignmentAt != null) {
            allAttempts.add(new AuditRecord.Attempt(currentAttempt, currentTeams, currentAssignmentAt, null, "PENDING", null));
        }

        Long dispatchMs = firstDispatch == null ? null : Duration.between(submittedAt, firstDispatch).toMillis();
        Instant dispatchDue = sla.dispatchDue(submittedAt, calendar);
        AuditRecord.Verdict dispatchVerdict = firstDispatch == null ? null : verdict(!firstDispatch.isAfter(dispatchDue));
        if (firstDispatch == null && (cancelled || rejected)) {
            dispatchDue = null; // the clock stopped without a dispatch: not the platform's miss
        }

        AuditRecord.Verdict acceptVerdict = acceptMs == null ? null
                : verdict(sla.counted(acceptedAssignmentAt, firstAcceptedAt, calendar).toMillis() <= 60_000L * sla.acceptMinutes());
        Instant acceptDue = acceptVerdict == null && pendingAcceptBy != null && !(cancelled || rejected) ? pendingAcceptBy : null;

        Long arriveMs = acceptedAt != null && startedAt != null && !startedAt.isBefore(acceptedAt)
                ? Duration.between(acceptedAt, startedAt).toMillis() : null;

        // resolution: active time in the platform's hands, without waiting on the resident
        Instant preferredFrom = submission.preferredFrom();
        long waiting = 0;
        if (preferredFrom != null && preferredFrom.isAfter(submittedAt)) {
            waiting = Duration.between(submittedAt, preferredFrom).toMillis();
        }
        Long resolutionMs = null;
        long countedMs = 0; // the resolution as the SLA clock counts it
        if (!completions.isEmpty()) {
            Instant start = submittedAt.plusMillis(waiting);
            countedMs = sla.counted(start, completions.get(0), calendar).toMillis();
            for (int i = 0; i < reopenedAt.size() && i + 1 < completions.size(); i++) {
                countedMs += sla.counted(reopenedAt.get(i), completions.get(i + 1), calendar).toMillis();
            }
            long first = Math.max(0, Duration.between(submittedAt, completions.get(0)).toMillis() - waiting);
            waiting = Math.min(waiting, Duration.between(submittedAt, completions.get(0)).toMillis());
            long total = first;
            for (int i = 0; i < reopenedAt.size() && i + 1 < completions.size(); i++) {
                total += Math.max(0, Duration.between(reopenedAt.get(i), completions.get(i + 1)).toMillis());
            }
            resolutionMs = resolved ? total : null;
        }
        AuditRecord.Verdict completeVerdict = resolutionMs == null ? null : verdict(countedMs <= 60_000L * sla.completeMinutes());
        // while open (or reopened) the completion clock runs towards this due time; it stops for good when cancelled or rejected
        // (the SLA's own definition, which the dispatch service's escalation uses too)
        Instant completeDue = completeVerdict != null || cancelled || rejected ? null
                : reopenedAt.isEmpty() ? sla.completeDue(submittedAt, preferredFrom, calendar)
                : sla.completeDueAfterReopen(reopenedAt.get(reopenedAt.size() - 1), calendar);
        Long ratingMs = completedAt != null && finalizedAt != null && !finalizedAt.isBefore(completedAt)
                ? Duration.between(completedAt, finalizedAt).toMillis() : null;
        Long closeMs = closedAt == null ? null : Duration.between(submittedAt, closedAt).toMillis();

        return new AuditRecord(submission.requestId(), submission.category(), submission.grid(), submission.urgency(),
                submission.channel(), team, status.name(), submittedAt, cancelled, rejected,
                resolved, firstDispatch, dispatchMs, dispatchDue, dispatchVerdict, acceptedAt, acceptMs, acceptTotalMs,
                assignments, acceptDue, acceptVerdict, startedAt, arriveMs, resolved ? completedAt : null, resolutionMs, waiting,
                completeDue, completeVerdict, finalizedAt, ratingMs, closedAt, closeMs, sla.dispatchMinutes(),
                sla.acceptMinutes(), sla.completeMinutes(), declines, expiries, escalation, reopens, ratings, satisfied,
                noResponse, bad, followedUp, composite, List.copyOf(allAttempts));
    }

    private static AuditRecord.Verdict verdict(boolean onTime) {
        return onTime ? AuditRecord.Verdict.MET : AuditRecord.Verdict.BREACHED;
    }
}
