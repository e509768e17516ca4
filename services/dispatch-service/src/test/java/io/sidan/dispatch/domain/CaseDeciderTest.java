package io.sidan.dispatch.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import io.sidan.contracts.calendar.WorkingCalendar;
import io.sidan.contracts.events.CaseEvent;
import io.sidan.contracts.events.DispatchMode;
import io.sidan.contracts.events.EscalationCause;
import io.sidan.contracts.events.RejectionReason;
import io.sidan.contracts.events.SlaClock;
import io.sidan.contracts.events.SlaTargets;
import io.sidan.contracts.events.Urgency;
import io.sidan.contracts.events.VolunteerHours;
import io.sidan.contracts.domain.InvalidInput;
import io.sidan.contracts.domain.Rejection;
import org.junit.jupiter.api.Test;

/** The dispatch rules as given (past events) / when (a command) / then (new events or a refusal). */
class CaseDeciderTest {

    static final String ID = "5b0f8a9e-3c1d-4f4e-9a57-2f1e8c6d7b10";
    static final Instant T0 = Instant.parse("2026-03-05T08:00:00Z");
    static final Instant DEADLINE = T0.plusSeconds(3600);
    static final TeamFacts RED = new TeamFacts("red-vest", true, List.of("ELDERLY_CARE"), List.of("G-1"), 2, 0);
    static final TeamFacts BLUE = new TeamFacts("blue-sky", true, List.of("ELDERLY_CARE"), List.of("G-2"), 2, 0);

    static CaseEvent opened() {
        return new CaseEvent.Opened(ID, "resident-1", "ELDERLY_CARE", "G-1", Urgency.NORMAL, "理发", T0,
                new SlaTargets(30, 240, 4320));
    }

    static CaseEvent assigned(String team, int attempt) {
        return new CaseEvent.Assigned(ID, team, DispatchMode.DIRECTIVE, DEADLINE, attempt, null);
    }

    static CaseEvent accepted(String team) {
        return new CaseEvent.Accepted(ID, team, DispatchMode.DIRECTIVE, 1);
    }

    private static CaseState given(CaseEvent... events) {
        CaseState s = CaseState.NONE;
        Instant at = T0;
        for (CaseEvent e : events) {
            s = CaseDecider.evolve(s, e, at);
            at = at.plusSeconds(60);
        }
        return s;
    }

    @Test
    void aSubmittedRequestOpensACaseOnce() {
        CaseCommand.Open open = new CaseCommand.Open(ID, "resident-1", "ELDERLY_CARE", "G-1", Urgency.NORMAL, "理发", T0,
                new SlaTargets(30, 240, 4320), null);
        assertThat(CaseDecider.decide(open, given())).containsExactly(opened());
        assertThat(CaseDecider.decide(open, given(opened()))).isEmpty();
    }

    @Test
    void eachPhaseHoldsWhatItHasAndNothingElse() {
        assertThat(given(opened())).isInstanceOf(CaseState.Waiting.class);
        assertThat(given(opened(), assigned("red-vest", 1))).isEqualTo(new CaseState.Assigned(
                given(opened()).facts().attempt(1), "red-vest", DispatchMode.DIRECTIVE, DEADLINE));
        CaseState declined = given(opened(), assigned("red-vest", 1), new CaseEvent.Declined(ID, "red-vest", "人手不足", 1));
        assertThat(declined).isInstanceOfSatisfying(CaseState.Waiting.class, w -> {
            assertThat(w.teamId()).isNull();
            assertThat(w.acceptBy()).isNull();
            assertThat(w.excludedTeams()).containsExactly("red-vest");
        });
        CaseState offered = given(opened(), new CaseEvent.Offered(ID, List.of("red-vest", "blue-sky"), DEADLINE, 1, null),
                new CaseEvent.Declined(ID, "red-vest", "忙", 1));
        assertThat(offered).isInstanceOfSatisfying(CaseState.Offered.class, o -> {
            assertThat(o.teams()).containsExactly("blue-sky");
            assertThat(o.mode()).isEqualTo(DispatchMode.GRAB);
        });
        assertThat(given(opened(), assigned("red-vest", 1), accepted("red-vest"), new CaseEvent.ServiceStarted(ID, "red-vest")))
                .isEqualTo(new CaseState.InService(given(opened()).facts().attempt(1), "red-vest", DispatchMode.DIRECTIVE));
    }

    @Test
    void aDuplicateRejectionNamesTheRequestItDuplicates() {
        assertThatThrownBy(() -> new CaseCommand.Reject(RejectionReason.DUPLICATE, "重复", null))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("duplicateOf"));
        String original = "0c2a3f1e-1111-4222-8333-944455556666";
        assertThat(CaseDecider.decide(new CaseCommand.Reject(RejectionReason.DUPLICATE, "重复", original), given(opened())))
                .containsExactly(new CaseEvent.Rejected(ID, RejectionReason.DUPLICATE, "重复", original));
    }

    @Test
    void aWaitingCaseIsAssignedToAnEligibleTeam() {
        assertThat(CaseDecider.decide(new CaseCommand.Assign(RED, DispatchMode.DIRECTIVE, DEADLINE, "近"), given(opened())))
                .containsExactly(new CaseEvent.Assigned(ID, "red-vest", DispatchMode.DIRECTIVE, DEADLINE, 1, "近"));
    }

    @Test
    void anAssignedCaseCannotBeAssignedAgain() {
        assertThatThrownBy(() -> CaseDecider.decide(new CaseCommand.Assign(BLUE, DispatchMode.DIRECTIVE, DEADLINE, null),
                given(opened(), assigned("red-vest", 1))))
                .isInstanceOf(Rejection.class).satisfies(e -> assertThat(((Rejection) e).currentStatus()).isEqualTo("ASSIGNED"));
    }

    @Test
    void ineligibleTeamsAreRefusedWithTheReasons() {
        TeamFacts paused = new TeamFacts("paused", false, List.of("ELDERLY_CARE"), List.of(), 2, 0);
        TeamFacts wrongSkill = new TeamFacts("legal", true, List.of("LEGAL_AID"), List.of(), 2, 0);
        TeamFacts full = new TeamFacts("full", true, List.of("ELDERLY_CARE"), List.of(), 2, 2);
        for (TeamFacts team : List.of(paused, wrongSkill, full)) {
            assertThatThrownBy(() -> CaseDecider.decide(new CaseCommand.Assign(team, DispatchMode.DIRECTIVE, DEADLINE, null),
                    given(opened()))).isInstanceOf(Rejection.class).hasMessageContaining(team.teamId());
        }
    }

    @Test
    void theAssignedTeamAcceptsBeforeTheDeadline() {
        assertThat(CaseDecider.decide(new CaseCommand.Accept(RED, DEADLINE.minusSeconds(1)), given(opened(), assigned("red-vest", 1))))
                .containsExactly(accepted("red-vest"));
    }

    @Test
    void anotherTeamCannotAcceptAnAssignment() {
        assertThatThrownBy(() -> CaseDecider.decide(new CaseCommand.Accept(BLUE, T0), given(opened(), assigned("red-vest", 1))))
                .isInstanceOf(Rejection.class).hasMessageContaining("not offered or assigned to your team");
    }

    @Test
    void acceptingAfterTheDeadlineIsRefused() {
        assertThatThrownBy(() -> CaseDecider.decide(new CaseCommand.Accept(RED, DEADLINE), given(opened(), assigned("red-vest", 1))))
                .isInstanceOf(Rejection.class).hasMessageContaining("deadline");
    }

    @Test
    void aTeamAtCapacityCannotAccept() {
        TeamFacts full = new TeamFacts("red-vest", true, List.of("ELDERLY_CARE"), List.of("G-1"), 2, 2);
        assertThatThrownBy(() -> CaseDecider.decide(new CaseCommand.Accept(full, T0), given(opened(), assigned("red-vest", 1))))
                .isInstanceOf(Rejection.class).hasMessageContaining("capacity");
    }

    @Test
    void inAnOpenGrabTheFirstAcceptWinsAndTheSecondIsRefused() {
        CaseState offered = given(opened(), new CaseEvent.Offered(ID, List.of("red-vest", "blue-sky"), DEADLINE, 1, null));
        List<CaseEvent> first = CaseDecider.decide(new CaseCommand.Accept(BLUE, T0), offered);
        assertThat(first).containsExactly(new CaseEvent.Accepted(ID, "blue-sky", DispatchMode.GRAB, 1));
        CaseState taken = CaseDecider.evolve(offered, first.get(0), T0);
        assertThatThrownBy(() -> CaseDecider.decide(new CaseCommand.Accept(RED, T0), taken))
                .isInstanceOf(Rejection.class).hasMessageContaining("Another team accepted this case first");
    }

    @Test
    void aDeclineSendsTheCaseBackToTheQueueAndExcludesTheTeam() {
        CaseState s = given(opened(), assigned("red-vest", 1));
        List<CaseEvent> events = CaseDecider.decide(new CaseCommand.Decline("red-vest", "人手不足"), s);
        assertThat(events).containsExactly(new CaseEvent.Declined(ID, "red-vest", "人手不足", 1));
        CaseState after = CaseDecider.evolve(s, events.get(0), T0);
        assertThat(after.phase()).isEqualTo(CasePhase.WAITING);
        assertThat(after.excludedTeams()).contains("red-vest");
        assertThatThrownBy(() -> CaseDecider.decide(new CaseCommand.Assign(RED, DispatchMode.DIRECTIVE, DEADLINE, null), after))
                .isInstanceOf(Rejection.class).hasMessageContaining("declined");
    }

    @Test
    void oneDeclineInAnOfferLeavesItOpenForTheOthers() {
        CaseState offered = given(opened(), new CaseEvent.Offered(ID, List.of("red-vest", "blue-sky"), DEADLINE, 1, null));
        CaseState after = CaseDecider.evolve(offered, new CaseEvent.Declined(ID, "red-vest", "忙", 1), T0);
        assertThat(after.phase()).isEqualTo(CasePhase.OFFERED);
        assertThat(after.offeredTo()).containsExactly("blue-sky");
    }

    @Test
    void anOverdueAssignmentExpiresAndEscalatesAndTheSecondTimeAdminsSupervise() {
        CaseState s = given(opened(), assigned("red-vest", 1));
        assertThat(CaseDecider.decide(new CaseCommand.Expire(DEADLINE.minusMillis(1)), s)).isEmpty();
        List<CaseEvent> first = CaseDecider.decide(new CaseCommand.Expire(DEADLINE), s);
        assertThat(first).hasSize(2);
        assertThat(first.get(0)).isEqualTo(new CaseEvent.AcceptExpired(ID, List.of("red-vest"), DEADLINE, 1));
        assertThat(first.get(1)).isEqualTo(new CaseEvent.Escalated(ID, 1, "接单超时 / accept deadline missed",
                EscalationCause.ACCEPT_EXPIRED));

        CaseState again = given(opened(), assigned("red-vest", 1), first.get(0), first.get(1), assigned("blue-sky", 2));
        assertThat(again.phase()).isEqualTo(CasePhase.ASSIGNED);
        List<CaseEvent> second = CaseDecider.decide(new CaseCommand.Expire(DEADLINE), again);
        assertThat(((CaseEvent.Escalated) second.get(1)).level()).isEqualTo(CaseDecider.SUPERVISED_LEVEL);
        // an expiry that already happened is not repeated
        CaseState expired = CaseDecider.evolve(again, second.get(0), DEADLINE);
        assertThat(CaseDecider.decide(new CaseCommand.Expire(DEADLINE.plusSeconds(60)), expired)).isEmpty();
    }

    @Test
    void aCaseWaitingPastItsDispatchSlaIsEscalatedOnce() {
        CaseState waiting = given(opened());
        assertThat(CaseDecider.decide(new CaseCommand.EscalateOverdue(T0.plusSeconds(29 * 60)), waiting)).isEmpty();
        List<CaseEvent> events = CaseDecider.decide(new CaseCommand.EscalateOverdue(T0.plusSeconds(30 * 60)), waiting);
        assertThat(events).hasSize(1);
        assertThat(((CaseEvent.Escalated) events.get(0)).cause()).isEqualTo(EscalationCause.DISPATCH_OVERDUE);
        CaseState escalated = CaseDecider.evolve(waiting, events.get(0), T0);
        assertThat(CaseDecider.decide(new CaseCommand.EscalateOverdue(T0.plusSeconds(90 * 60)), escalated)).isEmpty();
    }

    @Test
    void serviceRunsAcceptStartComplete() {
        CaseState accepted = given(opened(), assigned("red-vest", 1), accepted("red-vest"));
        assertThatThrownBy(() -> CaseDecider.decide(new CaseCommand.Complete("red-vest", "done", List.of(), List.of()), accepted))
                .isInstanceOf(Rejection.class).hasMessageContaining("Start");
        assertThatThrownBy(() -> CaseDecider.decide(new CaseCommand.Start("blue-sky"), accepted))
                .isInstanceOf(Rejection.class).hasMessageContaining("not your team's");
        CaseState started = CaseDecider.evolve(accepted, new CaseEvent.ServiceStarted(ID, "red-vest"), T0);
        List<VolunteerHours> hours = List.of(new VolunteerHours("v-1", "张伟", 2));
        assertThat(CaseDecider.decide(new CaseCommand.Complete("red-vest", "已完成", hours, List.of()), started))
                .containsExactly(new CaseEvent.ServiceCompleted(ID, "red-vest", "已完成", hours, List.of(), "resident-1",
                        "ELDERLY_CARE", "G-1", 1));
    }

    @Test
    void aDispatcherRejectsOnlyBeforeATeamAccepted() {
        assertThat(CaseDecider.decide(new CaseCommand.Reject(RejectionReason.OUTSIDE_SERVICE_AREA, "外区", null), given(opened())))
                .containsExactly(new CaseEvent.Rejected(ID, RejectionReason.OUTSIDE_SERVICE_AREA, "外区", null));
        assertThatThrownBy(() -> CaseDecider.decide(new CaseCommand.Reject(RejectionReason.DUPLICATE, null, "x"),
                given(opened(), assigned("red-vest", 1), accepted("red-vest")))).isInstanceOf(Rejection.class);
    }

    @Test
    void aCancelAfterCompletionChangesNothing() {
        assertThat(CaseDecider.decide(new CaseCommand.Cancel("不需要了"), given(opened())))
                .containsExactly(new CaseEvent.Cancelled(ID, "不需要了"));
        CaseState done = given(opened(), assigned("red-vest", 1), accepted("red-vest"), new CaseEvent.ServiceStarted(ID, "red-vest"),
                new CaseEvent.ServiceCompleted(ID, "red-vest", "ok", List.of(), List.of(), "resident-1", "ELDERLY_CARE", "G-1", 1));
        assertThat(CaseDecider.decide(new CaseCommand.Cancel("late"), done)).isEmpty();
    }

    @Test
    void aReopenPutsACompletedCaseBackWithRaisedPriorityOnce() {
        CaseState done = given(opened(), assigned("red-vest", 1), accepted("red-vest"), new CaseEvent.ServiceStarted(ID, "red-vest"),
                new CaseEvent.ServiceCompleted(ID, "red-vest", "ok", List.of(), List.of(), "resident-1", "ELDERLY_CARE", "G-1", 1));
        List<CaseEvent> events = CaseDecider.decide(new CaseCommand.Reopen("不满意", 1), done);
        assertThat(events).containsExactly(new CaseEvent.Reopened(ID, "不满意", 1, 1));
        CaseState reopened = CaseDecider.evolve(done, events.get(0), T0);
        assertThat(reopened.phase()).isEqualTo(CasePhase.WAITING);
        assertThat(reopened.round()).isEqualTo(2);
        assertThat(reopened.excludedTeams()).isEmpty();
        assertThat(CaseDecider.decide(new CaseCommand.Reopen("不满意", 1), reopened)).isEmpty();
    }

    @Test
    void aWorkingTimeCaseKeepsTheDueTimesTheCalendarGaveWhenItOpenedAndWhenItWasReopened() {
        // Thursday 5 March 2026, 16:00 in Shanghai; working hours 09:00–12:00 and 13:30–17:30, no holidays
        WorkingCalendar calendar = new WorkingCalendar(ZoneId.of("Asia/Shanghai"), WorkingCalendar.DEFAULT_HOURS, Map.of());
        SlaTargets working = new SlaTargets(120, 240, 1440, SlaClock.WORKING);
        CaseCommand.Open open = new CaseCommand.Open(ID, "resident-1", "LEGAL_AID", "G-1", Urgency.NORMAL, "咨询", T0, working, null)
                .dueBy(calendar);
        CaseEvent event = CaseDecider.decide(open, CaseState.NONE).get(0);
        CaseState waiting = given(event);
        assertThat(CaseDecider.dispatchDue(waiting)).as("90 min on Thursday, 30 on Friday").isEqualTo(Instant.parse("2026-03-06T01:30:00Z"));
        assertThat(waiting.completeDue()).isEqualTo(calendar.plusWorkingMinutes(T0, 1440));

        CaseState done = given(event, assigned("red-vest", 1), accepted("red-vest"), new CaseEvent.ServiceStarted(ID, "red-vest"),
                new CaseEvent.ServiceCompleted(ID, "red-vest", "ok", List.of(), List.of(), "resident-1", "LEGAL_AID", "G-1", 1));
        Instant saturday = Instant.parse("2026-03-07T02:00:00Z");
        CaseEvent reopened = CaseDecider.decide(CaseCommand.Reopen.at("不满意", 1, working, saturday, calendar), done).get(0);
        CaseState again = CaseDecider.evolve(done, reopened, saturday);
        assertThat(CaseDecider.dispatchDue(again)).as("from Monday 09:00").isEqualTo(Instant.parse("2026-03-09T03:00:00Z"));
        assertThat(again.completeDue()).isEqualTo(calendar.plusWorkingMinutes(saturday, 1440));
        assertThat(CaseCommand.Reopen.at("x", 1, new SlaTargets(30, 60, 1440), saturday, calendar))
                .as("a natural clock records nothing").isEqualTo(new CaseCommand.Reopen("x", 1));
    }

    @Test
    void theAcceptDeadlineIsTheCasesOwnSlaCountedFromTheAssignment() {
        Instant now = T0.plusSeconds(125).plusMillis(400);
        assertThat(CaseDecider.acceptBy(given(opened()), now, null)).isEqualTo(T0.plusSeconds(125 + 240 * 60));
    }

    @Test
    void aCaseNotCompletedWithinItsSlaIsEscalatedToAdminsOncePerRound() {
        Instant due = T0.plusSeconds(4320 * 60L);
        CaseState serving = given(opened(), assigned("red-vest", 1), accepted("red-vest"), new CaseEvent.ServiceStarted(ID, "red-vest"));
        assertThat(serving.completeDue()).isEqualTo(due);
        assertThat(CaseDecider.decide(new CaseCommand.EscalateCompletionOverdue(due.minusMillis(1)), serving)).isEmpty();
        List<CaseEvent> events = CaseDecider.decide(new CaseCommand.EscalateCompletionOverdue(due), serving);
        assertThat(events).containsExactly(new CaseEvent.Escalated(ID, CaseDecider.SUPERVISED_LEVEL,
                "超过办结时限，转管理员督办 / not completed within its SLA: supervised by admins", EscalationCause.COMPLETION_OVERDUE));
        CaseState escalated = CaseDecider.evolve(serving, events.get(0), due);
        assertThat(escalated.completionOverdue()).isTrue();
        assertThat(escalated.phase()).as("the team goes on serving it").isEqualTo(CasePhase.IN_SERVICE);
        assertThat(CaseDecider.decide(new CaseCommand.EscalateCompletionOverdue(due.plusSeconds(3600)), escalated)).isEmpty();

        // a case still waiting is overdue too; a finished one never is
        assertThat(CaseDecider.decide(new CaseCommand.EscalateCompletionOverdue(due), given(opened()))).hasSize(1);
        CaseState done = given(opened(), assigned("red-vest", 1), accepted("red-vest"), new CaseEvent.ServiceStarted(ID, "red-vest"),
                new CaseEvent.ServiceCompleted(ID, "red-vest", "ok", List.of(), List.of(), "resident-1", "ELDERLY_CARE", "G-1", 1));
        assertThat(CaseDecider.decide(new CaseCommand.EscalateCompletionOverdue(due), done)).isEmpty();
        assertThat(CaseDecider.decide(new CaseCommand.EscalateCompletionOverdue(due),
                given(opened(), new CaseEvent.Cancelled(ID, "不需要了")))).isEmpty();

        // reopened, the next round has its own due time, counted from the reopening, and may be escalated again
        Instant reopenedAt = due.plusSeconds(86_400);
        CaseState reopened = CaseDecider.evolve(CaseDecider.evolve(done, events.get(0), due),
                new CaseEvent.Reopened(ID, "不满意", 1, 3), reopenedAt);
        assertThat(reopened.completeDue()).isEqualTo(reopenedAt.plusSeconds(4320 * 60L));
        assertThat(reopened.completionOverdue()).isFalse();
        assertThat(CaseDecider.decide(new CaseCommand.EscalateCompletionOverdue(reopened.completeDue()), reopened)).singleElement()
                .satisfies(e -> assertThat(((CaseEvent.Escalated) e).level()).isEqualTo(4));
    }

    @Test
    void aLaterPreferredWindowStartsTheCompletionClock() {
        Instant from = T0.plusSeconds(2 * 86_400);
        CaseState waiting = given(new CaseEvent.Opened(ID, "resident-1", "ELDERLY_CARE", "G-1", Urgency.NORMAL, "理发", T0,
                new SlaTargets(30, 240, 4320), from));
        assertThat(waiting.completeDue()).isEqualTo(from.plusSeconds(4320 * 60L));
    }
}
