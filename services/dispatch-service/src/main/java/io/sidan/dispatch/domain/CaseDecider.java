package io.sidan.dispatch.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.sidan.contracts.events.CaseEvent;
import io.sidan.contracts.events.DispatchMode;
import io.sidan.contracts.events.EscalationCause;
import io.sidan.contracts.calendar.WorkingCalendar;
import io.sidan.contracts.domain.Decider;
import io.sidan.contracts.domain.Rejection;

/**
 * The rules of dispatch (派单) and service (接单), as pure functions. A refusal is a {@link Rejection}
 * that names the case's phase; commands from other services that no longer apply (a cancel after
 * completion, a second copy of a reopen) decide nothing instead of failing.
 */
public final class CaseDecider {

    /** Escalation level from which admins supervise the case (督办). */
    public static final int SUPERVISED_LEVEL = 2;

    private CaseDecider() {
    }

    /** This decider, for the command handler. */
    public static final Decider<CaseState, CaseCommand, CaseEvent> DECIDER =
            Decider.of(CaseState.NONE, CaseDecider::decide, CaseDecider::evolve, CaseEvent.class);

    public static CaseState evolve(CaseState state, CaseEvent event, Instant at) {
        return state.evolve(event, at);
    }

    public static List<CaseEvent> decide(CaseCommand command, CaseState s) {
        if (!(command instanceof CaseCommand.Open) && !s.exists()) {
            throw new IllegalStateException("no case " + command);
        }
        return switch (command) {
            case CaseCommand.Open c -> s.exists() ? List.of()
                    : List.of(new CaseEvent.Opened(c.requestId(), c.requesterId(), c.category(), c.grid(), c.urgency(),
                    c.title(), c.submittedAt(), c.sla(), c.preferredFrom(), c.dispatchDue(), c.completeDue()));
            case CaseCommand.Assign c -> {
                requireWaiting(s, "assigned");
                requireEligible(s, c.team());
                yield List.of(new CaseEvent.Assigned(s.requestId(), c.team().teamId(), c.mode(), c.acceptBy(),
                        s.attempt() + 1, c.note()));
            }
            case CaseCommand.Offer c -> {
                requireWaiting(s, "offered");
                if (c.teams().isEmpty()) {
                    throw new Rejection("There is no eligible team to offer this case to.", s.phase().name());
                }
                c.teams().forEach(t -> requireEligible(s, t));
                yield List.of(new CaseEvent.Offered(s.requestId(), c.teams().stream().map(TeamFacts::teamId).toList(),
                        c.acceptBy(), s.attempt() + 1, c.note()));
            }
            case CaseCommand.Accept c -> accept(c, s);
            case CaseCommand.Decline c -> {
                if (!(s.phase() == CasePhase.ASSIGNED || s.phase() == CasePhase.OFFERED) || !s.offeredTo().contains(c.teamId())) {
                    throw new Rejection("This case is not waiting for your team's answer.", s.phase().name());
                }
                yield List.of(new CaseEvent.Declined(s.requestId(), c.teamId(), c.reason(), s.attempt()));
            }
            case CaseCommand.Expire c -> {
                if (!(s.phase() == CasePhase.ASSIGNED || s.phase() == CasePhase.OFFERED) || c.now().isBefore(s.acceptBy())) {
                    yield List.of();
                }
                int level = s.escalationLevel() + 1;
                yield List.of(new CaseEvent.AcceptExpired(s.requestId(), s.offeredTo(), s.acceptBy(), s.attempt()),
                        new CaseEvent.Escalated(s.requestId(), level, level >= SUPERVISED_LEVEL
                                ? "接单超时，转管理员督办 / accept deadline missed again: supervised by admins"
                                : "接单超时 / accept deadline missed", EscalationCause.ACCEPT_EXPIRED));
            }
            case CaseCommand.EscalateOverdue c -> {
                Instant due = dispatchDue(s);
                if (s.phase() != CasePhase.WAITING || s.escalationLevel() > 0 || due == null || c.now().isBefore(due)) {
                    yield List.of();
                }
                yield List.of(new CaseEvent.Escalated(s.requestId(), 1, "超过派单时限 / not dispatched within its SLA",
                        EscalationCause.DISPATCH_OVERDUE));
            }
            case CaseCommand.EscalateCompletionOverdue c -> {
                if (s.phase().finished() || s.completeDue() == null || s.completionOverdue() || c.now().isBefore(s.completeDue())) {
                    yield List.of();
                }
                yield List.of(new CaseEvent.Escalated(s.requestId(), Math.max(s.escalationLevel() + 1, SUPERVISED_LEVEL),
                        "超过办结时限，转管理员督办 / not completed within its SLA: supervised by admins",
                        EscalationCause.COMPLETION_OVERDUE));
            }
            case CaseCommand.Reject c -> {
                if (!s.phase().awaitingTeam()) {
                    throw new Rejection("Only a case that no team has accepted can be rejected.", s.phase().name());
                }
                if (c.duplicateOf() != null && c.duplicateOf().equals(s.requestId())) {
                    throw new Rejection("A request cannot duplicate itself.", s.phase().name());
                }
                yield List.of(new CaseEvent.Rejected(s.requestId(), c.reason(), c.detail(), c.duplicateOf()));
            }
            case CaseCommand.Start c -> {
                requireOwnTeam(s, c.teamId());
                if (s.phase() != CasePhase.ACCEPTED) {
                    throw new Rejection("Only an accepted case can be started.", s.phase().name());
                }
                yield List.of(new CaseEvent.ServiceStarted(s.requestId(), c.teamId()));
            }
            case CaseCommand.Note c -> {
                requireOwnTeam(s, c.teamId());
                if (!s.phase().withTeam()) {
                    throw new Rejection("Notes are for cases your team is serving.", s.phase().name());
                }
                yield List.of(new CaseEvent.ProgressNoted(s.requestId(), c.teamId(), c.text(), c.visibleToResident()));
            }
            case CaseCommand.Complete c -> {
                requireOwnTeam(s, c.teamId());
                if (s.phase() != CasePhase.IN_SERVICE) {
                    throw new Rejection("Start the service on site before completing it.", s.phase().name());
                }
                yield List.of(new CaseEvent.ServiceCompleted(s.requestId(), c.teamId(), c.summary(), c.volunteerHours(),
                        c.evidence(), s.requesterId(), s.category(), s.grid(), s.round()));
            }
            case CaseCommand.Cancel c -> s.phase().finished() ? List.of()
                    : List.of(new CaseEvent.Cancelled(s.requestId(), c.reason()));
            case CaseCommand.Reopen c -> {
                if (c.reopenCount() <= s.reopenCount() || s.phase() != CasePhase.COMPLETED) {
                    yield List.of(); // already reopened, or nothing to reopen
                }
                yield List.of(new CaseEvent.Reopened(s.requestId(), c.reason(), c.reopenCount(), s.escalationLevel() + 1,
                        c.dispatchDue(), c.completeDue()));
            }
        };
    }

    /**
     * The accept deadline of an assignment or offer made now: the case's own SLA (the catalogue's, carried in its
     * events), counted in working time by {@code calendar} when the SLA says so.
     */
    public static Instant acceptBy(CaseState s, Instant now, WorkingCalendar calendar) {
        if (s.sla() == null) {
            throw new IllegalStateException("case " + s.requestId() + " has no SLA targets");
        }
        return s.sla().acceptBy(now, calendar);
    }

    /**
     * When the case should have been dispatched: as recorded for a working-time SLA, else its SLA counted around
     * the clock from when it (last) entered the queue.
     */
    public static Instant dispatchDue(CaseState s) {
        if (s.sla() == null || s.queuedAt() == null) {
            return null;
        }
        if (s.facts().dispatchDue() != null) {
            return s.facts().dispatchDue();
        }
        Instant from = s.reopenCount() == 0 && s.submittedAt() != null ? s.submittedAt() : s.queuedAt();
        return from.plusSeconds(60L * s.sla().dispatchMinutes());
    }

    private static List<CaseEvent> accept(CaseCommand.Accept c, CaseState s) {
        String team = c.team().teamId();
        Instant deadline;
        DispatchMode mode;
        switch (s) {
            case CaseState.Assigned a when a.team().equals(team) -> {
                deadline = a.deadline();
                mode = a.mode();
            }
            case CaseState.Offered o when o.teams().contains(team) -> {
                deadline = o.deadline();
                mode = DispatchMode.GRAB;
            }
            case CaseState.Accepted a -> throw alreadyTaken(team, a.team(), s);
            case CaseState.InService i -> throw alreadyTaken(team, i.team(), s);
            case CaseState.Completed done -> throw alreadyTaken(team, done.team(), s);
            default -> throw new Rejection("This case is not offered or assigned to your team.", s.phase().name());
        }
        if (!c.now().isBefore(deadline)) {
            throw new Rejection("The accept deadline " + deadline + " has passed.", s.phase().name());
        }
        if (c.team().atCapacity()) {
            throw new Rejection("Your team is at capacity (" + c.team().openTasks() + " of " + c.team().capacity()
                    + " open tasks); complete one first.", s.phase().name());
        }
        return List.of(new CaseEvent.Accepted(s.requestId(), team, mode, s.attempt()));
    }

    private static Rejection alreadyTaken(String team, String taker, CaseState s) {
        return new Rejection(team.equals(taker) ? "Your team has accepted this case already."
                : "Another team accepted this case first.", s.phase().name());
    }

    private static void requireWaiting(CaseState s, String verb) {
        if (s.phase() != CasePhase.WAITING) {
            throw new Rejection("Only a case waiting in the queue can be " + verb + "; this one is " + s.phase() + ".",
                    s.phase().name());
        }
    }

    private static void requireEligible(CaseState s, TeamFacts team) {
        List<String> problems = new ArrayList<>();
        if (!team.active()) {
            problems.add("is paused");
        }
        if (!team.serves(s.category())) {
            problems.add("does not serve " + s.category());
        }
        if (team.atCapacity()) {
            problems.add("is at capacity");
        }
        if (s.excludedTeams().contains(team.teamId())) {
            problems.add("declined or let this case expire before");
        }
        if (!problems.isEmpty()) {
            throw new Rejection("Team " + team.teamId() + " " + String.join(", ", problems) + ".", s.phase().name());
        }
    }

    private static void requireOwnTeam(CaseState s, String teamId) {
        if (!teamId.equals(s.teamId()) || !(s.phase().withTeam() || s.phase() == CasePhase.COMPLETED)) {
            throw new Rejection("This case is not your team's.", s.phase().name());
        }
    }
}
