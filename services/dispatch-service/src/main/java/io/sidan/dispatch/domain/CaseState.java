package io.sidan.dispatch.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.sidan.contracts.events.CaseEvent;
import io.sidan.contracts.events.DispatchMode;
import io.sidan.contracts.events.EscalationCause;
import io.sidan.contracts.events.SlaTargets;
import io.sidan.contracts.events.Urgency;

/**
 * A case folded from its stream, one type per phase, each holding what that phase has and nothing
 * else: an assigned case always has its team and deadline, an offer its teams, a waiting case no team.
 * What every opened case has (the request's facts, its round, escalation, attempts and the teams that
 * declined or let it expire in this round) is in {@link Facts}. The accessors on this interface read
 * any phase for projections; the rules match on the phase types.
 */
public sealed interface CaseState {

    CaseState NONE = new None();

    /** The facts of an opened case; the state before {@code case.opened} has none. */
    Facts facts();

    /** The phase this state is, by its type (before {@code case.opened}: WAITING, as the view has it). */
    default CasePhase phase() {
        return switch (this) {
            case None s -> CasePhase.WAITING;
            case Waiting s -> CasePhase.WAITING;
            case Assigned s -> CasePhase.ASSIGNED;
            case Offered s -> CasePhase.OFFERED;
            case Accepted s -> CasePhase.ACCEPTED;
            case InService s -> CasePhase.IN_SERVICE;
            case Completed s -> CasePhase.COMPLETED;
            case Rejected s -> CasePhase.REJECTED;
            case Cancelled s -> CasePhase.CANCELLED;
        };
    }

    /** The state after one more event, which happened at {@code at}. */
    default CaseState evolve(CaseEvent event, Instant at) {
        return Evolution.of(this, event, at);
    }

    // ---- the phases ----

    /** No case yet. */
    record None() implements CaseState {
        @Override
        public Facts facts() {
            throw new IllegalStateException("no case");
        }
    }

    /** In the queue, waiting for a team. */
    record Waiting(Facts facts) implements CaseState {
    }

    /** Assigned to one team, which must accept by {@code deadline}. */
    record Assigned(Facts facts, String team, DispatchMode mode, Instant deadline) implements CaseState {
    }

    /** Offered to several teams (抢单); the first to accept by {@code deadline} gets it. */
    record Offered(Facts facts, List<String> teams, Instant deadline) implements CaseState {
        public Offered {
            teams = List.copyOf(teams);
        }
    }

    /** Accepted by a team, not started yet. */
    record Accepted(Facts facts, String team, DispatchMode mode) implements CaseState {
    }

    /** The team is at the resident's place. */
    record InService(Facts facts, String team, DispatchMode mode) implements CaseState {
    }

    /** Served; a reopen puts it back in the queue for another round. */
    record Completed(Facts facts, String team, DispatchMode mode) implements CaseState {
    }

    /** Refused by a dispatcher; {@code team} is the team it was assigned to then, if any. */
    record Rejected(Facts facts, String team, DispatchMode mode) implements CaseState {
    }

    /** Withdrawn by the resident; {@code team} is the team that had it then, if any. */
    record Cancelled(Facts facts, String team, DispatchMode mode) implements CaseState {
    }

    /**
     * What every opened case has, whatever its phase.
     *
     * @param attempt       how many times it was assigned or offered
     * @param excludedTeams the teams that declined it or let it expire in this round
     * @param queuedAt      when it last entered the queue
     * @param completeDue   when this round must be completed ({@link SlaTargets}: from submission or the
     *                      preferred window, from the reopening in a later round); null without an SLA
     * @param completionEscalatedRound the round whose missed completion was escalated (0: none)
     */
    record Facts(String requestId, String requesterId, String category, String grid, Urgency urgency, String title,
                 Instant submittedAt, SlaTargets sla, int reopenCount, int escalationLevel, int attempt,
                 Set<String> excludedTeams, Instant queuedAt, Instant completeDue, int completionEscalatedRound,
                 Instant dispatchDue) {

        public Facts {
            excludedTeams = Set.copyOf(excludedTeams);
        }

        Facts attempt(int number) {
            return new Facts(requestId, requesterId, category, grid, urgency, title, submittedAt, sla, reopenCount,
                    escalationLevel, number, excludedTeams, queuedAt, completeDue, completionEscalatedRound, dispatchDue);
        }

        Facts escalatedTo(int level) {
            return new Facts(requestId, requesterId, category, grid, urgency, title, submittedAt, sla, reopenCount,
                    Math.max(escalationLevel, level), attempt, excludedTeams, queuedAt, completeDue, completionEscalatedRound,
                    dispatchDue);
        }

        /** The completion of this round was escalated. */
        Facts completionEscalated() {
            return new Facts(requestId, requesterId, category, grid, urgency, title, submittedAt, sla, reopenCount,
                    escalationLevel, attempt, excludedTeams, queuedAt, completeDue, reopenCount + 1, dispatchDue);
        }

        /** Back in the queue at {@code at}, without the teams that had their chance. */
        Facts requeued(List<String> without, Instant at) {
            Set<String> excluded = new LinkedHashSet<>(excludedTeams);
            excluded.addAll(without);
            return new Facts(requestId, requesterId, category, grid, urgency, title, submittedAt, sla, reopenCount,
                    escalationLevel, attempt, excluded, at, completeDue, completionEscalatedRound, dispatchDue);
        }

        Facts excluding(String team) {
            Set<String> excluded = new LinkedHashSet<>(excludedTeams);
            excluded.add(team);
            return new Facts(requestId, requesterId, category, grid, urgency, title, submittedAt, sla, reopenCount,
                    escalationLevel, attempt, excluded, queuedAt, completeDue, completionEscalatedRound, dispatchDue);
        }

        /**
         * A new round after a reopen at {@code at}: every team may try again; due times as recorded with the
         * reopen (a working-time SLA), else counted around the clock from the reopening.
         */
        Facts reopened(CaseEvent.Reopened e, Instant at) {
            Instant complete = e.completeDue() != null ? e.completeDue()
                    : sla == null ? null : sla.completeDueAfterReopen(at, null);
            return new Facts(requestId, requesterId, category, grid, urgency, title, submittedAt, sla, e.reopenCount(),
                    Math.max(escalationLevel, e.escalationLevel()), attempt, Set.of(), at, complete, completionEscalatedRound,
                    e.dispatchDue());
        }
    }

    // ---- reading any phase ----

    default boolean exists() {
        return !(this instanceof None);
    }

    /** 1 for the first service, one more after each reopen. */
    default int round() {
        return facts().reopenCount() + 1;
    }

    /** The team that has or had the case, if one does. */
    default String teamId() {
        return switch (this) {
            case Assigned s -> s.team();
            case Accepted s -> s.team();
            case InService s -> s.team();
            case Completed s -> s.team();
            case Rejected s -> s.team();
            case Cancelled s -> s.team();
            case None s -> null;
            case Waiting s -> null;
            case Offered s -> null;
        };
    }

    /** How it was dispatched, once it was: directive, automatic, or GRAB for an offer. */
    default DispatchMode mode() {
        return switch (this) {
            case Assigned s -> s.mode();
            case Offered s -> DispatchMode.GRAB;
            case Accepted s -> s.mode();
            case InService s -> s.mode();
            case Completed s -> s.mode();
            case Rejected s -> s.mode();
            case Cancelled s -> s.mode();
            case None s -> null;
            case Waiting s -> null;
        };
    }

    /** The teams whose answer it waits for: the assigned team, or those of an offer. */
    default List<String> offeredTo() {
        return switch (this) {
            case Assigned s -> List.of(s.team());
            case Offered s -> s.teams();
            default -> List.of();
        };
    }

    /** The accept deadline of an assignment or offer. */
    default Instant acceptBy() {
        return switch (this) {
            case Assigned s -> s.deadline();
            case Offered s -> s.deadline();
            default -> null;
        };
    }

    default String requestId() {
        return exists() ? facts().requestId() : null;
    }

    default String requesterId() {
        return facts().requesterId();
    }

    default String category() {
        return facts().category();
    }

    default String grid() {
        return facts().grid();
    }

    default Urgency urgency() {
        return facts().urgency();
    }

    default String title() {
        return facts().title();
    }

    default Instant submittedAt() {
        return facts().submittedAt();
    }

    default SlaTargets sla() {
        return facts().sla();
    }

    default int attempt() {
        return exists() ? facts().attempt() : 0;
    }

    default Set<String> excludedTeams() {
        return exists() ? facts().excludedTeams() : Set.of();
    }

    default int escalationLevel() {
        return exists() ? facts().escalationLevel() : 0;
    }

    default int reopenCount() {
        return exists() ? facts().reopenCount() : 0;
    }

    default Instant queuedAt() {
        return exists() ? facts().queuedAt() : null;
    }

    /** When this round must be completed; null without an SLA. */
    default Instant completeDue() {
        return exists() ? facts().completeDue() : null;
    }

    /** Whether this round's missed completion has been escalated. */
    default boolean completionOverdue() {
        return exists() && facts().completionEscalatedRound() == round();
    }

    /** How each event moves a case from one phase to the next. */
    final class Evolution {

        private Evolution() {
        }

        static CaseState of(CaseState s, CaseEvent event, Instant at) {
            return switch (event) {
                case CaseEvent.Opened e -> new Waiting(new Facts(e.requestId(), e.requesterId(), e.category(), e.grid(),
                        e.urgency(), e.title(), e.submittedAt(), e.sla(), 0, 0, 0, Set.of(), at,
                        e.completeDue() != null ? e.completeDue()
                                : e.sla() == null ? null : e.sla().completeDue(e.submittedAt(), e.preferredFrom(), null), 0,
                        e.dispatchDue()));
                case CaseEvent.Assigned e -> new Assigned(s.facts().attempt(e.attempt()), e.teamId(), e.mode(), e.acceptBy());
                case CaseEvent.Offered e -> new Offered(s.facts().attempt(e.attempt()), e.teamIds(), e.acceptBy());
                case CaseEvent.Accepted e -> new Accepted(s.facts(), e.teamId(), e.mode());
                case CaseEvent.Declined e -> {
                    if (s instanceof Offered o && o.teams().size() > 1) {
                        List<String> remaining = new ArrayList<>(o.teams());
                        remaining.remove(e.teamId());
                        yield new Offered(o.facts().excluding(e.teamId()), remaining, o.deadline());
                    }
                    yield new Waiting(s.facts().requeued(List.of(e.teamId()), at));
                }
                case CaseEvent.AcceptExpired e -> new Waiting(s.facts().requeued(e.teamIds(), at));
                case CaseEvent.Escalated e -> withFacts(s, e.cause() == EscalationCause.COMPLETION_OVERDUE
                        ? s.facts().escalatedTo(e.level()).completionEscalated() : s.facts().escalatedTo(e.level()));
                case CaseEvent.Rejected e -> new Rejected(s.facts(), s.teamId(), s.mode());
                case CaseEvent.ServiceStarted e -> new InService(s.facts(), s.teamId(), s.mode());
                case CaseEvent.ProgressNoted e -> s;
                case CaseEvent.ServiceCompleted e -> new Completed(s.facts(), s.teamId(), s.mode());
                case CaseEvent.Cancelled e -> new Cancelled(s.facts(), s.teamId(), s.mode());
                case CaseEvent.Reopened e -> new Waiting(s.facts().reopened(e, at));
            };
        }

        /** The same phase with other facts. */
        private static CaseState withFacts(CaseState s, Facts f) {
            return switch (s) {
                case None n -> n;
                case Waiting w -> new Waiting(f);
                case Assigned a -> new Assigned(f, a.team(), a.mode(), a.deadline());
                case Offered o -> new Offered(f, o.teams(), o.deadline());
                case Accepted a -> new Accepted(f, a.team(), a.mode());
                case InService i -> new InService(f, i.team(), i.mode());
                case Completed c -> new Completed(f, c.team(), c.mode());
                case Rejected r -> new Rejected(f, r.team(), r.mode());
                case Cancelled c -> new Cancelled(f, c.team(), c.mode());
            };
        }
    }
}
