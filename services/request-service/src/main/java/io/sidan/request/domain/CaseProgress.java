package io.sidan.request.domain;

import java.time.Instant;

import io.sidan.contracts.events.CaseEvent;
import io.sidan.contracts.events.DispatchMode;

/**
 * The dispatch service's stream of a request, folded as far as the resident's status needs it:
 * where the case is in the current cycle (a reopen starts a new cycle) and when each step happened.
 */
public record CaseProgress(int reopenCount, Phase phase, String teamId, DispatchMode mode, Instant dispatchedAt,
                           Instant acceptedAt, Instant startedAt, Instant completedAt, int completedRound,
                           Instant rejectedAt, String rejection, int escalationLevel) {

    public enum Phase { WAITING, OFFERED, ASSIGNED, ACCEPTED, IN_SERVICE, COMPLETED, REJECTED, CANCELLED }

    public static final CaseProgress NONE = new CaseProgress(0, Phase.WAITING, null, null, null, null, null, null, 0,
            null, null, 0);

    public CaseProgress evolve(CaseEvent event, Instant at) {
        return switch (event) {
            case CaseEvent.Opened e -> this;
            case CaseEvent.Assigned e -> with(Phase.ASSIGNED, e.teamId(), e.mode(), first(dispatchedAt, at));
            case CaseEvent.Offered e -> with(Phase.OFFERED, null, DispatchMode.GRAB, first(dispatchedAt, at));
            case CaseEvent.Accepted e -> new CaseProgress(reopenCount, Phase.ACCEPTED, e.teamId(), e.mode(),
                    first(dispatchedAt, at), at, null, null, completedRound, null, null, escalationLevel);
            case CaseEvent.Declined e -> with(Phase.WAITING, null, null, dispatchedAt);
            case CaseEvent.AcceptExpired e -> with(Phase.WAITING, null, null, dispatchedAt);
            case CaseEvent.Escalated e -> new CaseProgress(reopenCount, phase, teamId, mode, dispatchedAt, acceptedAt,
                    startedAt, completedAt, completedRound, rejectedAt, rejection, Math.max(escalationLevel, e.level()));
            case CaseEvent.Rejected e -> new CaseProgress(reopenCount, Phase.REJECTED, teamId, mode, dispatchedAt,
                    acceptedAt, startedAt, completedAt, completedRound, at, e.reason().name(), escalationLevel);
            case CaseEvent.ServiceStarted e -> new CaseProgress(reopenCount, Phase.IN_SERVICE, e.teamId(), mode,
                    dispatchedAt, acceptedAt, at, null, completedRound, null, null, escalationLevel);
            case CaseEvent.ProgressNoted e -> this;
            case CaseEvent.ServiceCompleted e -> new CaseProgress(reopenCount, Phase.COMPLETED, e.teamId(), mode,
                    dispatchedAt, acceptedAt, startedAt, at, e.round(), null, null, escalationLevel);
            case CaseEvent.Cancelled e -> new CaseProgress(reopenCount, Phase.CANCELLED, teamId, mode, dispatchedAt,
                    acceptedAt, startedAt, completedAt, completedRound, rejectedAt, rejection, escalationLevel);
            case CaseEvent.Reopened e -> new CaseProgress(Math.max(reopenCount, e.reopenCount()), Phase.WAITING, null,
                    null, null, null, null, null, completedRound, null, null, e.escalationLevel());
        };
    }

    private CaseProgress with(Phase newPhase, String team, DispatchMode newMode, Instant dispatched) {
        return new CaseProgress(reopenCount, newPhase, team, newMode, dispatched, null, null, null, completedRound, null,
                null, escalationLevel);
    }

    private static Instant first(Instant existing, Instant at) {
        return existing != null ? existing : at;
    }
}
