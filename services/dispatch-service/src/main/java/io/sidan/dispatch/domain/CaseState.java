package io.sidan.dispatch.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.sidan.contracts.events.CaseEvent;
import io.sidan.contracts.events.DispatchMode;
import io.sidan.contracts.events.SlaTargets;
import io.sidan.contracts.events.Urgency;

/**
 * A case folded from its stream. {@code offeredTo} holds the teams of an open offer (or the one
 * assigned team); {@code excludedTeams} the teams that declined it or let it expire in this round.
 */
public record CaseState(boolean exists, String requestId, String requesterId, String category, String grid,
                        Urgency urgency, String title, Instant submittedAt, SlaTargets sla, CasePhase phase,
                        int attempt, String teamId, DispatchMode mode, List<String> offeredTo, Instant acceptBy,
                        Set<String> excludedTeams, int escalationLevel, int reopenCount, Instant queuedAt) {

    public static final CaseState NONE = new CaseState(false, null, null, null, null, null, null, null, null,
            CasePhase.WAITING, 0, null, null, List.of(), null, Set.of(), 0, 0, null);

    /** 1 for the first service, one more after each reopen. */
    public int round() {
        return reopenCount + 1;
    }

    public CaseState evolve(CaseEvent event, Instant at) {
        return switch (event) {
            case CaseEvent.Opened e -> new CaseState(true, e.requestId(), e.requesterId(), e.category(), e.grid(),
                    e.urgency(), e.title(), e.submittedAt(), e.sla(), CasePhase.WAITING, 0, null, null, List.of(), null,
                    Set.of(), 0, 0, at);
            case CaseEvent.Assigned e -> with(CasePhase.ASSIGNED, e.attempt(), e.teamId(), e.mode(), List.of(e.teamId()),
                    e.acceptBy(), excludedTeams, escalationLevel, queuedAt);
            case CaseEvent.Offered e -> with(CasePhase.OFFERED, e.attempt(), null, DispatchMode.GRAB, List.copyOf(e.teamIds()),
                    e.acceptBy(), excludedTeams, escalationLevel, queuedAt);
            case CaseEvent.Accepted e -> with(CasePhase.ACCEPTED, attempt, e.teamId(), e.mode(), List.of(), null,
                    excludedTeams, escalationLevel, queuedAt);
            case CaseEvent.Declined e -> {
                List<String> remaining = new ArrayList<>(offeredTo);
                remaining.remove(e.teamId());
                boolean backToQueue = phase == CasePhase.ASSIGNED || remaining.isEmpty();
                yield with(backToQueue ? CasePhase.WAITING : phase, attempt, backToQueue ? null : teamId,
                        backToQueue ? null : mode, backToQueue ? List.of() : List.copyOf(remaining),
                        backToQueue ? null : acceptBy, plus(excludedTeams, List.of(e.teamId())), escalationLevel,
                        backToQueue ? at : queuedAt);
            }
            case CaseEvent.AcceptExpired e -> with(CasePhase.WAITING, attempt, null, null, List.of(), null,
                    plus(excludedTeams, e.teamIds()), escalationLevel, at);
            case CaseEvent.Escalated e -> with(phase, attempt, teamId, mode, offeredTo, acceptBy, excludedTeams,
                    Math.max(escalationLevel, e.level()), queuedAt);
            case CaseEvent.Rejected e -> with(CasePhase.REJECTED, attempt, teamId, mode, List.of(), null, excludedTeams,
                    escalationLevel, queuedAt);
            case CaseEvent.ServiceStarted e -> with(CasePhase.IN_SERVICE, attempt, teamId, mode, List.of(), null,
                    excludedTeams, escalationLevel, queuedAt);
            case CaseEvent.ProgressNoted e -> this;
            case CaseEvent.ServiceCompleted e -> with(CasePhase.COMPLETED, attempt, teamId, mode, List.of(), null,
                    excludedTeams, escalationLevel, queuedAt);
            case CaseEvent.Cancelled e -> with(CasePhase.CANCELLED, attempt, teamId, mode, List.of(), null, excludedTeams,
                    escalationLevel, queuedAt);
            case CaseEvent.Reopened e -> new CaseState(true, requestId, requesterId, category, grid, urgency, title,
                    submittedAt, sla, CasePhase.WAITING, attempt, null, null, List.of(), null, Set.of(),
                    Math.max(escalationLevel, e.escalationLevel()), e.reopenCount(), at);
        };
    }

    private CaseState with(CasePhase newPhase, int newAttempt, String newTeam, DispatchMode newMode, List<String> offered,
                           Instant newAcceptBy, Set<String> excluded, int level, Instant queued) {
        return new CaseState(exists, requestId, requesterId, category, grid, urgency, title, submittedAt, sla, newPhase,
                newAttempt, newTeam, newMode, offered, newAcceptBy, excluded, level, reopenCount, queued);
    }

    private static Set<String> plus(Set<String> set, List<String> more) {
        Set<String> result = new LinkedHashSet<>(set);
        result.addAll(more);
        return Set.copyOf(result);
    }
}
