package io.sidan.request.domain;

import java.time.Instant;
import java.util.List;

/**
 * The audit figures of one request, derived from its events only (times in milliseconds).
 *
 * <p>Clocks: <b>dispatch</b> from submission to the first assignment or offer; <b>accept</b> from the
 * assignment that was accepted to its acceptance (and, in total, from the first assignment to the
 * acceptance); <b>arrive</b> from acceptance to the start on site; <b>resolution</b> the time the
 * request was open and in the platform's hands — from submission to completion, minus the time before
 * the resident's preferred start, plus, for each reopen, from the reopen to the next completion;
 * <b>rating</b> from completion to the final rating; <b>close</b> from submission to closing.
 *
 * <p>Verdicts are MET or BREACHED once a clock has stopped; while it runs the due time is kept, so a
 * report can count a clock that is past due as breached.
 */
public record AuditRecord(String requestId, String category, String grid, String urgency, String channel, String teamId,
                          String status, Instant submittedAt, boolean cancelled, boolean rejected, boolean resolved,
                          Instant firstDispatchedAt, Long dispatchMs, Instant dispatchDueAt, Verdict dispatchVerdict,
                          Instant acceptedAt, Long acceptMs, Long acceptTotalMs, int assignments, Instant acceptDueAt,
                          Verdict acceptVerdict, Instant startedAt, Long arriveMs, Instant completedAt, Long resolutionMs,
                          long waitingOnResidentMs, Instant completeDueAt, Verdict completeVerdict, Instant finalizedAt,
                          Long ratingMs, Instant closedAt, Long closeMs, int slaDispatchMinutes, int slaAcceptMinutes,
                          int slaCompleteMinutes, int declines, int expiries, int escalationLevel, int reopens,
                          int ratings, int satisfied, int noResponse, int badRatings, int followedUp, Double composite,
                          List<Attempt> attempts) {

    public enum Verdict { MET, BREACHED }

    /** One assignment or offer and how it ended: ACCEPTED, DECLINED, EXPIRED, or PENDING. */
    public record Attempt(int attempt, List<String> teams, Instant assignedAt, Instant endedAt, String outcome, Long ms) {
    }
}
