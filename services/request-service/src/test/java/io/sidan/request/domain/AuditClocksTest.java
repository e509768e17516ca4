package io.sidan.request.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sidan.contracts.calendar.WorkingCalendar;
import io.sidan.contracts.events.CaseEvent;
import io.sidan.contracts.events.Channel;
import io.sidan.contracts.events.DispatchMode;
import io.sidan.contracts.events.Location;
import io.sidan.contracts.events.Party;
import io.sidan.contracts.events.RatingEvent;
import io.sidan.contracts.events.RequestEvent;
import io.sidan.contracts.events.Scores;
import io.sidan.contracts.events.SlaClock;
import io.sidan.contracts.events.SlaTargets;
import io.sidan.contracts.events.Urgency;
import org.junit.jupiter.api.Test;

/** The audit clocks of one request, from its events alone. */
class AuditClocksTest {

    static final Instant T0 = Instant.parse("2026-03-05T00:00:00Z");
    static final String ID = "r-1";
    static final RequestEvent.Submitted SUBMITTED = new RequestEvent.Submitted(ID, "u", "u", Channel.APP, "C", null, "t", "d",
            new Location("G", "a", null, null), Urgency.NORMAL, "13912345678", null, new SlaTargets(30, 60, 150));

    static <E> Timed<E> at(E event, long minutes) {
        return new Timed<>(event, T0.plusSeconds(minutes * 60));
    }

    @Test
    void aReopenedRequestCountsOnlyTheTimeInThePlatformsHands() {
        List<Timed<RequestEvent>> own = List.of(at(SUBMITTED, 0), at(new RequestEvent.Reopened(ID, "再修", 1), 180));
        List<Timed<CaseEvent>> dispatch = List.of(
                at(new CaseEvent.Assigned(ID, "t-a", DispatchMode.DIRECTIVE, T0.plusSeconds(4200), 1, null), 10),
                at(new CaseEvent.Accepted(ID, "t-a", DispatchMode.DIRECTIVE, 1), 20),
                at(new CaseEvent.ServiceStarted(ID, "t-a"), 30),
                at(new CaseEvent.ServiceCompleted(ID, "t-a", "ok", List.of(), List.of(), "u", "C", "G", 1), 120),
                at(new CaseEvent.Reopened(ID, "再修", 1, 1), 181),
                at(new CaseEvent.Assigned(ID, "t-b", DispatchMode.DIRECTIVE, T0.plusSeconds(16000), 2, null), 190),
                at(new CaseEvent.Accepted(ID, "t-b", DispatchMode.DIRECTIVE, 2), 195),
                at(new CaseEvent.ServiceStarted(ID, "t-b"), 210),
                at(new CaseEvent.ServiceCompleted(ID, "t-b", "ok", List.of(), List.of(), "u", "C", "G", 2), 240));
        AuditRecord r = AuditClocks.compute(SUBMITTED, T0, RequestStatus.COMPLETED, own, dispatch, List.of(), null);
        // 2 h to the first completion, then 1 h from the reopen to the second: the hour in between is not the team's
        assertThat(r.resolutionMs()).isEqualTo(3 * 3_600_000L);
        assertThat(r.completeVerdict()).isEqualTo(AuditRecord.Verdict.BREACHED); // 180 min against 150
        assertThat(r.reopens()).isEqualTo(1);
        assertThat(r.dispatchMs()).isEqualTo(10 * 60_000L);
        assertThat(r.acceptMs()).isEqualTo(10 * 60_000L);
        assertThat(r.escalationLevel()).isEqualTo(1);
        assertThat(r.teamId()).isEqualTo("t-b");
        assertThat(r.attempts()).extracting(AuditRecord.Attempt::outcome).containsExactly("ACCEPTED", "ACCEPTED");
    }

    @Test
    void aRunningClockKeepsItsDueTimeAndACancelledOneStops() {
        AuditRecord waiting = AuditClocks.compute(SUBMITTED, T0, RequestStatus.SUBMITTED, List.of(at(SUBMITTED, 0)), List.of(), List.of(), null);
        assertThat(waiting.dispatchVerdict()).isNull();
        assertThat(waiting.dispatchDueAt()).isEqualTo(T0.plusSeconds(30 * 60));
        assertThat(waiting.completeDueAt()).isEqualTo(T0.plusSeconds(150 * 60));
        AuditRecord cancelled = AuditClocks.compute(SUBMITTED, T0, RequestStatus.CANCELLED,
                List.of(at(SUBMITTED, 0), at(new RequestEvent.Cancelled(ID, "x"), 5)), List.of(), List.of(), null);
        assertThat(cancelled.dispatchDueAt()).isNull();
        assertThat(cancelled.completeDueAt()).isNull();
        assertThat(cancelled.cancelled()).isTrue();
    }

    @Test
    void noResponseIsCountedApartAndTheTeamsOwnRatingNever() {
        List<Timed<RatingEvent>> rating = List.of(
                at(new RatingEvent.Submitted(ID, 1, Party.RESIDENT, "u", new Scores(5, 5, 5, 5), null), 300),
                at(new RatingEvent.Submitted(ID, 1, Party.TEAM, "t", new Scores(1, 1, 1, 1), null), 301),
                at(new RatingEvent.Flagged(ID, 1, Party.TEAM, "t", 1, null), 301),
                at(new RatingEvent.Finalized(ID, 1, "t-a", 5.0, List.of(), List.of(Party.DISPATCHER, Party.REVIEWER),
                        RatingEvent.FinalizationReason.WINDOW_ENDED), 400));
        AuditRecord r = AuditClocks.compute(SUBMITTED, T0, RequestStatus.CLOSED, List.of(at(SUBMITTED, 0)), List.of(), rating, null);
        assertThat(r.ratings()).isEqualTo(1);
        assertThat(r.satisfied()).isEqualTo(1);
        assertThat(r.noResponse()).isEqualTo(2);
        assertThat(r.badRatings()).isZero();
    }

    /**
     * A working-time category around the 2026 Spring Festival (15–23 February off, Saturday 14 February worked):
     * submitted on Friday 13 February at 16:30 in Shanghai, dispatched and accepted over the festival.
     */
    @Test
    void aWorkingTimeCategorysVerdictsCountOnlyWorkingHoursOfWorkingDays() {
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        Map<LocalDate, WorkingCalendar.Mark> marks = new HashMap<>();
        for (LocalDate d = LocalDate.of(2026, 2, 15); !d.isAfter(LocalDate.of(2026, 2, 23)); d = d.plusDays(1)) {
            marks.put(d, WorkingCalendar.Mark.HOLIDAY);
        }
        marks.put(LocalDate.of(2026, 2, 14), WorkingCalendar.Mark.WORKDAY);
        WorkingCalendar calendar = new WorkingCalendar(shanghai, WorkingCalendar.DEFAULT_HOURS, marks);
        Instant friday = LocalDateTime.of(2026, 2, 13, 16, 30).atZone(shanghai).toInstant();
        // dispatch within 120 working minutes, accept within 240, complete within 1440
        SlaTargets working = new SlaTargets(120, 240, 1440, SlaClock.WORKING);
        RequestEvent.Submitted submitted = new RequestEvent.Submitted(ID, "u", "u", Channel.APP, "LEGAL_AID", null, "t", "d",
                new Location("G", "a", null, null), Urgency.NORMAL, "13912345678", null, working);
        Instant saturdayEvening = LocalDateTime.of(2026, 2, 14, 17, 0).atZone(shanghai).toInstant();
        Instant tuesday = LocalDateTime.of(2026, 2, 24, 10, 0).atZone(shanghai).toInstant();
        Instant thursday = LocalDateTime.of(2026, 2, 26, 16, 0).atZone(shanghai).toInstant();
        List<Timed<CaseEvent>> dispatch = List.of(
                new Timed<>(new CaseEvent.Assigned(ID, "t-a", DispatchMode.DIRECTIVE, tuesday, 1, null), saturdayEvening),
                new Timed<>(new CaseEvent.Accepted(ID, "t-a", DispatchMode.DIRECTIVE, 1), tuesday),
                new Timed<>(new CaseEvent.ServiceStarted(ID, "t-a"), tuesday),
                new Timed<>(new CaseEvent.ServiceCompleted(ID, "t-a", "ok", List.of(), List.of(), "u", "LEGAL_AID", "G", 1), thursday));
        AuditRecord r = AuditClocks.compute(submitted, friday, RequestStatus.COMPLETED, List.of(new Timed<>(submitted, friday)),
                dispatch, List.of(), calendar);

        // dispatched 60 min on Friday + 390 on the make-up Saturday = 450 working minutes after: over 120
        assertThat(r.dispatchDueAt()).isEqualTo(LocalDateTime.of(2026, 2, 14, 10, 0).atZone(shanghai).toInstant());
        assertThat(r.dispatchVerdict()).isEqualTo(AuditRecord.Verdict.BREACHED);
        // accepted 30 + 60 = 90 working minutes after the assignment, over nine days of festival: met
        assertThat(r.acceptVerdict()).isEqualTo(AuditRecord.Verdict.MET);
        assertThat(r.acceptMs()).as("the duration itself stays natural time").isGreaterThan(9 * 86_400_000L);
        // completed after 60 + 420 + 420 + 420 + 330 = 1650 working minutes: over 1440
        assertThat(r.completeVerdict()).isEqualTo(AuditRecord.Verdict.BREACHED);
        AuditRecord natural = AuditClocks.compute(SUBMITTED, T0, RequestStatus.SUBMITTED, List.of(at(SUBMITTED, 0)), List.of(),
                List.of(), calendar);
        assertThat(natural.dispatchDueAt()).as("a natural clock ignores the calendar").isEqualTo(T0.plusSeconds(30 * 60));
    }
}
