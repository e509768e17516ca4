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
 * Derives a request's {@link AuditRecord} from its three streams (pure: the same events and calendar always
 * give the same figures). Each stream comes in its own version order. Durations are natural time; the
 * verdicts count with the request's SLA clock, in working time by {@code calendar} when the category says so.
 */
public final class AuditClocks {

    private AuditClocks() {
    }

    public static AuditRecord compute(RequestEvent.Submitted submitted, Instant submittedAt, RequestStatus status,
                                      List<Timed<RequestEvent>> own, List<Timed<CaseEvent>> dispatch,
                                      List<Timed<RatingEvent>> rating, WorkingCalendar calendar) {
        SlaTargets sla = submitted.sla();
        boolean cancelled = status == RequestStatus.CANCELLED;
        boolean rejected = status == RequestStatus.REJECTED;
        boolean resolved = status == RequestStatus.COMPLETED || status == RequestStatus.RATED || status == RequestStatus.CLOSED;

        // the resident's own stream: reopens, closing
        int reopens = 0;
        Instant closedAt = null;
        List<Instant> reopenedAt = new ArrayList<>();
        for (Timed<RequestEvent> t : own) {
            switch (t.event()) {
                case RequestEvent.Reopened r -> {
                    reopens = r.reopenCount();
                    reopenedAt.add(t.at());
                    closedAt = null;
                }
                case RequestEvent.Closed c -> closedAt = t.at();
                default -> {
                }
            }
        }

        // the dispatch stream: assignments, acceptance, service, per round
        int round = 1;
        Instant firstDispatch = null;
        Instant currentAssignmentAt = null;
        Instant acceptedAt = null;
        Long acceptMs = null;
        Instant acceptedAssignmentAt = null; // the first round's accepted assignment: made, and accepted
        Instant firstAcceptedAt = null;
        Long acceptTotalMs = null;
        Instant startedAt = null;
        Instant completedAt = null;
        Instant pendingAcceptBy = null;
        String team = null;
        int declines = 0;
        int expiries = 0;
        int escalation = 0;
        int assignments = 0;
        List<AuditRecord.Attempt> attempts = new ArrayList<>();
        List<Instant> completions = new ArrayList<>();
        Instant roundFirstAssignment = null;
        List<String> currentTeams = List.of();
        int currentAttempt = 0;
        for (Timed<CaseEvent> t : dispatch) {
            Instant at = t.at();
            switch (t.event()) {
                case CaseEvent.Assigned a -> {
                    assignments++;
                    if (round == 1 && firstDispatch == null) {
                        firstDispatch = at;
                    }
                    roundFirstAssignment = roundFirstAssignment == null ? at : roundFirstAssignment;
                    currentAssignmentAt = at;
                    currentTeams = List.of(a.teamId());
                    currentAttempt = a.attempt();
                    pendingAcceptBy = a.acceptBy();
                }
                case CaseEvent.Offered o -> {
                    assignments++;
                    if (round == 1 && firstDispatch == null) {
                        firstDispatch = at;
                    }
                    roundFirstAssignment = roundFirstAssignment == null ? at : roundFirstAssignment;
                    currentAssignmentAt = at;
                    currentTeams = List.copyOf(o.teamIds());
                    currentAttempt = o.attempt();
                    pendingAcceptBy = o.acceptBy();
                }
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
        if (currentAssignmentAt != null) {
            attempts.add(new AuditRecord.Attempt(currentAttempt, currentTeams, currentAssignmentAt, null, "PENDING", null));
        }

        // the rating stream: ratings, satisfaction, flags, follow-ups, finalization
        int ratings = 0;
        int satisfied = 0;
        int noResponse = 0;
        int bad = 0;
        int followedUp = 0;
        Instant finalizedAt = null;
        Double composite = null;
        for (Timed<RatingEvent> t : rating) {
            switch (t.event()) {
                case RatingEvent.Submitted s -> {
                    if (s.party() != Party.TEAM) {
                        ratings++;
                        satisfied += s.scores().overall() >= 4 ? 1 : 0;
                    }
                }
                case RatingEvent.Flagged f -> bad += f.party() == Party.TEAM ? 0 : 1;
                case RatingEvent.FollowedUp f -> followedUp++;
                case RatingEvent.Finalized f -> {
                    finalizedAt = t.at();
                    composite = f.composite();
                    noResponse += f.noResponse().size();
                }
                default -> {
                }
            }
        }

        int slaDispatch = submitted.sla().dispatchMinutes();
        int slaAccept = submitted.sla().acceptMinutes();
        int slaComplete = submitted.sla().completeMinutes();

        Long dispatchMs = firstDispatch == null ? null : Duration.between(submittedAt, firstDispatch).toMillis();
        Instant dispatchDue = sla.dispatchDue(submittedAt, calendar);
        AuditRecord.Verdict dispatchVerdict = firstDispatch == null ? null : verdict(!firstDispatch.isAfter(dispatchDue));
        if (firstDispatch == null && (cancelled || rejected)) {
            dispatchDue = null; // the clock stopped without a dispatch: not the platform's miss
        }

        AuditRecord.Verdict acceptVerdict = acceptMs == null ? null
                : verdict(sla.counted(acceptedAssignmentAt, firstAcceptedAt, calendar).toMillis() <= 60_000L * slaAccept);
        Instant acceptDue = acceptVerdict == null && pendingAcceptBy != null && !(cancelled || rejected) ? pendingAcceptBy : null;

        Long arriveMs = acceptedAt != null && startedAt != null && !startedAt.isBefore(acceptedAt)
                ? Duration.between(acceptedAt, startedAt).toMillis() : null;

        // resolution: active time in the platform's hands, without waiting on the resident
        long waiting = 0;
        if (submitted.preferredWindow() != null && submitted.preferredWindow().from().isAfter(submittedAt)) {
            waiting = Duration.between(submittedAt, submitted.preferredWindow().from()).toMillis();
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
        AuditRecord.Verdict completeVerdict = resolutionMs == null ? null : verdict(countedMs <= 60_000L * slaComplete);
        // while open (or reopened) the completion clock runs towards this due time; it stops for good when cancelled or rejected
        // (the SLA's own definition, which the dispatch service's escalation uses too)
        Instant completeDue = completeVerdict != null || cancelled || rejected ? null
                : reopenedAt.isEmpty() ? sla.completeDue(submittedAt,
                        submitted.preferredWindow() == null ? null : submitted.preferredWindow().from(), calendar)
                : sla.completeDueAfterReopen(reopenedAt.get(reopenedAt.size() - 1), calendar);
        Long ratingMs = completedAt != null && finalizedAt != null && !finalizedAt.isBefore(completedAt)
                ? Duration.between(completedAt, finalizedAt).toMillis() : null;
        Long closeMs = closedAt == null ? null : Duration.between(submittedAt, closedAt).toMillis();

        return new AuditRecord(submitted.requestId(), submitted.category(), submitted.location().grid(),
                submitted.urgency().name(), submitted.channel().name(), team, status.name(), submittedAt, cancelled, rejected,
                resolved, firstDispatch, dispatchMs, dispatchDue, dispatchVerdict, acceptedAt, acceptMs, acceptTotalMs,
                assignments, acceptDue, acceptVerdict, startedAt, arriveMs, resolved ? completedAt : null, resolutionMs, waiting,
                completeDue, completeVerdict, finalizedAt, ratingMs, closedAt, closeMs, slaDispatch, slaAccept, slaComplete,
                declines, expiries, escalation, reopens, ratings, satisfied, noResponse, bad, followedUp, composite,
                List.copyOf(attempts));
    }

    private static AuditRecord.Verdict verdict(boolean onTime) {
        return onTime ? AuditRecord.Verdict.MET : AuditRecord.Verdict.BREACHED;
    }
}
