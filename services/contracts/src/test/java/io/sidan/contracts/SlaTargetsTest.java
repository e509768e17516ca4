package io.sidan.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;

import io.sidan.contracts.calendar.WorkingCalendar;
import io.sidan.contracts.events.SlaClock;
import io.sidan.contracts.events.SlaTargets;
import org.junit.jupiter.api.Test;

/** The one definition of an SLA's due times, as dispatch, the audit and the console use them. */
class SlaTargetsTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** The 2026 Spring Festival: 15–23 February off, Saturday 14 February worked (调休). */
    private static final WorkingCalendar CALENDAR = new WorkingCalendar(SHANGHAI, WorkingCalendar.DEFAULT_HOURS, Map.of(
            LocalDate.of(2026, 2, 14), WorkingCalendar.Mark.WORKDAY, LocalDate.of(2026, 2, 15), WorkingCalendar.Mark.HOLIDAY,
            LocalDate.of(2026, 2, 16), WorkingCalendar.Mark.HOLIDAY, LocalDate.of(2026, 2, 17), WorkingCalendar.Mark.HOLIDAY,
            LocalDate.of(2026, 2, 18), WorkingCalendar.Mark.HOLIDAY, LocalDate.of(2026, 2, 19), WorkingCalendar.Mark.HOLIDAY,
            LocalDate.of(2026, 2, 20), WorkingCalendar.Mark.HOLIDAY, LocalDate.of(2026, 2, 23), WorkingCalendar.Mark.HOLIDAY));

    private final SlaTargets sla = new SlaTargets(30, 60, 1440);
    private final SlaTargets working = sla.withClock(SlaClock.WORKING);
    private final Instant submitted = Instant.parse("2026-03-05T08:30:00Z");

    private static Instant shanghai(int month, int day, int hour, int minute) {
        return LocalDateTime.of(2026, month, day, hour, minute).atZone(SHANGHAI).toInstant();
    }

    @Test
    void anAssignmentMustBeAcceptedWithinTheAcceptTargetCountedFromTheWholeSecond() {
        assertThat(sla.acceptBy(Instant.parse("2026-03-05T09:00:07.900Z"), null)).isEqualTo(Instant.parse("2026-03-05T10:00:07Z"));
    }

    @Test
    void completionIsDueFromSubmissionOrFromALaterPreferredWindowOrFromTheReopening() {
        assertThat(sla.completeDue(submitted, null, null)).isEqualTo(Instant.parse("2026-03-06T08:30:00Z"));
        assertThat(sla.completeDue(submitted, Instant.parse("2026-03-05T06:00:00Z"), null)).as("a window already begun")
                .isEqualTo(Instant.parse("2026-03-06T08:30:00Z"));
        assertThat(sla.completeDue(submitted, Instant.parse("2026-03-07T09:00:00Z"), null)).isEqualTo(Instant.parse("2026-03-08T09:00:00Z"));
        assertThat(sla.completeDueAfterReopen(Instant.parse("2026-03-10T12:00:00Z"), null)).isEqualTo(Instant.parse("2026-03-11T12:00:00Z"));
    }

    @Test
    void aWorkingTimeClockCountsOnlyWorkingHoursOfWorkingDays() {
        Instant fridayAfternoon = shanghai(2, 13, 16, 30);
        assertThat(working.dispatchDue(fridayAfternoon, CALENDAR)).isEqualTo(shanghai(2, 13, 17, 0));
        assertThat(working.dispatchDue(shanghai(2, 13, 17, 15), CALENDAR)).as("into the 调休 Saturday").isEqualTo(shanghai(2, 14, 9, 15));
        assertThat(working.acceptBy(shanghai(2, 14, 17, 0), CALENDAR)).as("over the festival").isEqualTo(shanghai(2, 24, 9, 30));
        assertThat(working.completeDue(fridayAfternoon, null, CALENDAR)).as("1440 working minutes: 1 h on Friday, three 7-hour days, 2 h")
                .isEqualTo(shanghai(2, 26, 11, 0));
        assertThat(sla.acceptBy(shanghai(2, 14, 17, 0), CALENDAR)).as("the natural clock ignores the calendar")
                .isEqualTo(shanghai(2, 14, 18, 0));
        assertThat(working.counted(fridayAfternoon, shanghai(2, 24, 10, 0), CALENDAR)).isEqualTo(Duration.ofMinutes(60 + 420 + 60));
        assertThat(sla.counted(fridayAfternoon, shanghai(2, 24, 10, 0), CALENDAR)).isEqualTo(Duration.ofMinutes(60 * 24 * 10 + 17 * 60 + 30));
        assertThatThrownBy(() -> working.acceptBy(submitted, null)).hasMessageContaining("needs the working-day calendar");
    }

    @Test
    void naturalTimeIsWhatTargetsWithoutAClockCount() {
        assertThat(sla.withClock(SlaClock.NATURAL)).isEqualTo(sla);
        assertThat(sla.clock()).isNull();
        assertThat(working.workingTime()).isTrue();
    }
}
