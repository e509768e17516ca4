package io.sidan.contracts.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sidan.contracts.calendar.WorkingCalendar.Hours;
import io.sidan.contracts.calendar.WorkingCalendar.Mark;
import org.junit.jupiter.api.Test;

/**
 * Working time around the 2026 Spring Festival as the State Council's notice arranged it: 15–23 February off
 * (Sunday to Monday, nine days), Saturdays 14 and 28 February worked instead (调休).
 */
class WorkingCalendarTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final WorkingCalendar SPRING_FESTIVAL_2026 = new WorkingCalendar(SHANGHAI, WorkingCalendar.DEFAULT_HOURS, marks());

    static Map<LocalDate, Mark> marks() {
        Map<LocalDate, Mark> marks = new HashMap<>();
        for (LocalDate d = LocalDate.of(2026, 2, 15); !d.isAfter(LocalDate.of(2026, 2, 23)); d = d.plusDays(1)) {
            marks.put(d, Mark.HOLIDAY);
        }
        marks.put(LocalDate.of(2026, 2, 14), Mark.WORKDAY);
        marks.put(LocalDate.of(2026, 2, 28), Mark.WORKDAY);
        return marks;
    }

    static Instant at(int month, int day, int hour, int minute) {
        return LocalDateTime.of(2026, month, day, hour, minute).atZone(SHANGHAI).toInstant();
    }

    @Test
    void weekdaysWorkWeekendsRestAndTheMarksOverrideBoth() {
        WorkingCalendar c = SPRING_FESTIVAL_2026;
        assertThat(c.isWorkingDay(LocalDate.of(2026, 2, 13))).as("Friday").isTrue();
        assertThat(c.isWorkingDay(LocalDate.of(2026, 2, 14))).as("调休 Saturday").isTrue();
        assertThat(c.isWorkingDay(LocalDate.of(2026, 2, 16))).as("a Monday of the festival").isFalse();
        assertThat(c.isWorkingDay(LocalDate.of(2026, 2, 23))).as("the festival's last day, a Monday").isFalse();
        assertThat(c.isWorkingDay(LocalDate.of(2026, 2, 24))).as("back at work").isTrue();
        assertThat(c.isWorkingDay(LocalDate.of(2026, 2, 28))).as("调休 Saturday").isTrue();
        assertThat(c.isWorkingDay(LocalDate.of(2026, 3, 1))).as("an ordinary Sunday").isFalse();
    }

    @Test
    void workingMinutesSkipTheLunchBreakTheNightAndTheWeekend() {
        WorkingCalendar c = new WorkingCalendar(SHANGHAI, WorkingCalendar.DEFAULT_HOURS, Map.of());
        assertThat(c.plusWorkingMinutes(at(3, 4, 11, 30), 60)).isEqualTo(at(3, 4, 14, 0));
        assertThat(c.plusWorkingMinutes(at(3, 4, 17, 0), 60)).as("Wednesday evening").isEqualTo(at(3, 5, 9, 30));
        assertThat(c.plusWorkingMinutes(at(3, 6, 17, 0), 60)).as("Friday evening").isEqualTo(at(3, 9, 9, 30));
        assertThat(c.plusWorkingMinutes(at(3, 7, 10, 0), 30)).as("from a Saturday").isEqualTo(at(3, 9, 9, 30));
        assertThat(c.plusWorkingMinutes(at(3, 4, 22, 0), 0)).as("nothing to count: when work begins").isEqualTo(at(3, 5, 9, 0));
        assertThat(c.plusWorkingMinutes(at(3, 4, 9, 0), 7 * 60)).as("a whole day ends at its close").isEqualTo(at(3, 4, 17, 30));
        assertThat(c.plusWorkingMinutes(at(3, 4, 10, 0).plusSeconds(30), 1)).isEqualTo(at(3, 4, 10, 1).plusSeconds(30));
    }

    @Test
    void aDeadlineRunsIntoTheTiaoxiuSaturdayAndOverTheFestival() {
        WorkingCalendar c = SPRING_FESTIVAL_2026;
        assertThat(c.plusWorkingMinutes(at(2, 13, 16, 30), 120)).as("Friday → the make-up Saturday").isEqualTo(at(2, 14, 10, 0));
        assertThat(c.plusWorkingMinutes(at(2, 14, 17, 0), 60)).as("over the nine days off").isEqualTo(at(2, 24, 9, 30));
        assertThat(c.plusWorkingMinutes(at(2, 18, 10, 0), 4320)).as("three working days… of 7 h: 4320 min = 10 days 2 h")
                .isEqualTo(at(3, 9, 11, 0));
        assertThat(c.plusWorkingMinutes(at(2, 27, 17, 0), 60)).as("Friday → the make-up Saturday 28th").isEqualTo(at(2, 28, 9, 30));
    }

    @Test
    void theWorkingTimeBetweenTwoMomentsCountsOnlyWorkingHours() {
        WorkingCalendar c = SPRING_FESTIVAL_2026;
        assertThat(c.workingTimeBetween(at(2, 13, 17, 0), at(2, 24, 10, 0)))
                .as("30 min on Friday, 7 h on the make-up Saturday, 1 h on Tuesday").isEqualTo(Duration.ofMinutes(30 + 420 + 60));
        assertThat(c.workingTimeBetween(at(2, 16, 9, 0), at(2, 22, 18, 0))).as("inside the festival").isZero();
        assertThat(c.workingTimeBetween(at(2, 24, 10, 0), at(2, 13, 17, 0))).as("backwards").isZero();
        Instant start = at(2, 13, 16, 30);
        assertThat(c.workingTimeBetween(start, c.plusWorkingMinutes(start, 600))).isEqualTo(Duration.ofMinutes(600));
    }

    @Test
    void workingHoursMustBeAnOrderedDayWithoutOverlaps() {
        assertThatThrownBy(() -> new Hours(LocalTime.of(12, 0), LocalTime.of(9, 0))).hasMessageContaining("later one");
        assertThatThrownBy(() -> new WorkingCalendar(SHANGHAI, List.of(new Hours(LocalTime.of(9, 0), LocalTime.of(12, 0)),
                new Hours(LocalTime.of(11, 0), LocalTime.of(14, 0))), Map.of())).hasMessageContaining("overlap");
        assertThatThrownBy(() -> new WorkingCalendar(SHANGHAI, List.of(), Map.of())).hasMessageContaining("at least one");
        Map<LocalDate, Mark> allOff = new HashMap<>();
        for (LocalDate d = LocalDate.of(2026, 1, 1); d.getYear() < 2030; d = d.plusDays(1)) {
            allOff.put(d, Mark.HOLIDAY);
        }
        assertThatThrownBy(() -> new WorkingCalendar(SHANGHAI, WorkingCalendar.DEFAULT_HOURS, allOff)
                .plusWorkingMinutes(at(3, 4, 9, 0), 1)).hasMessageContaining("no working day");
    }
}
