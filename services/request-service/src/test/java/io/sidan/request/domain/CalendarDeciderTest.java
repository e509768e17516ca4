package io.sidan.request.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import io.sidan.contracts.calendar.CalendarState;
import io.sidan.contracts.calendar.WorkingCalendar;
import io.sidan.contracts.calendar.WorkingCalendar.Hours;
import io.sidan.contracts.calendar.WorkingCalendar.Mark;
import io.sidan.contracts.domain.InvalidInput;
import io.sidan.contracts.events.CalendarEvent;
import io.sidan.contracts.events.CalendarEvent.MarkedDay;
import io.sidan.testing.DeciderSpec;
import org.junit.jupiter.api.Test;

/** The working-day calendar's rules (CalendarDecider). */
class CalendarDeciderTest {

    static final DeciderSpec<CalendarState, CalendarCommand, CalendarEvent> CALENDAR = DeciderSpec.of(CalendarDecider.DECIDER);
    static final String NOTICE = "国务院办公厅关于2026年部分节假日安排的通知";
    static final MarkedDay MAKE_UP = new MarkedDay(LocalDate.of(2026, 2, 14), Mark.WORKDAY, "春节调休");
    static final MarkedDay FESTIVAL = new MarkedDay(LocalDate.of(2026, 2, 16), Mark.HOLIDAY, "春节");

    @Test
    void aYearsNoticeReplacesTheYearsMarksAndLeavesOtherYears() {
        MarkedDay lastYear = new MarkedDay(LocalDate.of(2025, 10, 1), Mark.HOLIDAY, "国庆节");
        MarkedDay stale = new MarkedDay(LocalDate.of(2026, 5, 1), Mark.HOLIDAY, "劳动节");
        var given = CALENDAR.given(new CalendarEvent.YearSet(2025, List.of(lastYear), "2025"),
                new CalendarEvent.YearSet(2026, List.of(stale), "draft"));
        given.when(new CalendarCommand.SetYear(2026, List.of(FESTIVAL, MAKE_UP), NOTICE))
                .thenEmits(new CalendarEvent.YearSet(2026, List.of(MAKE_UP, FESTIVAL), NOTICE));
        CalendarState after = given.and(new CalendarEvent.YearSet(2026, List.of(MAKE_UP, FESTIVAL), NOTICE)).state();
        assertThat(after.marks()).containsOnlyKeys(lastYear.date(), MAKE_UP.date(), FESTIVAL.date());
        WorkingCalendar calendar = after.calendar(ZoneId.of("Asia/Shanghai"));
        assertThat(calendar.isWorkingDay(MAKE_UP.date())).isTrue();
        assertThat(calendar.isWorkingDay(FESTIVAL.date())).isFalse();
    }

    @Test
    void aNoticeMarksOnlyItsYearsDaysEachOnce() {
        CALENDAR.given().when(new CalendarCommand.SetYear(2027, List.of(FESTIVAL), NOTICE))
                .thenFails(InvalidInput.class, "is not in 2027");
        CALENDAR.given().when(new CalendarCommand.SetYear(2026, List.of(FESTIVAL,
                new MarkedDay(FESTIVAL.date(), Mark.WORKDAY, "x")), NOTICE)).thenFails(InvalidInput.class, "marked twice");
    }

    @Test
    void oneDayIsMarkedOrUnmarkedAndAMarkAsItIsChangesNothing() {
        CALENDAR.given().when(new CalendarCommand.MarkDay(FESTIVAL.date(), Mark.HOLIDAY, "春节"))
                .thenEmits(new CalendarEvent.DayMarked(FESTIVAL.date(), Mark.HOLIDAY, "春节"));
        var marked = CALENDAR.given(new CalendarEvent.DayMarked(FESTIVAL.date(), Mark.HOLIDAY, "春节"));
        marked.when(new CalendarCommand.MarkDay(FESTIVAL.date(), Mark.HOLIDAY, "春节")).thenNothingHappens();
        marked.when(new CalendarCommand.MarkDay(FESTIVAL.date(), null, "unmarked"))
                .thenEmits(new CalendarEvent.DayMarked(FESTIVAL.date(), null, "unmarked"));
        CALENDAR.given().when(new CalendarCommand.MarkDay(FESTIVAL.date(), null, "unmarked")).thenNothingHappens();
    }

    @Test
    void workingHoursAreOrderedAndMayNotOverlap() {
        Hours afternoon = new Hours(LocalTime.of(14, 0), LocalTime.of(18, 0));
        Hours morning = new Hours(LocalTime.of(8, 30), LocalTime.of(12, 0));
        CALENDAR.given().when(new CalendarCommand.SetHours(List.of(afternoon, morning)))
                .thenEmits(new CalendarEvent.WorkingHoursSet(List.of(morning, afternoon)));
        CALENDAR.given().when(new CalendarCommand.SetHours(WorkingCalendar.DEFAULT_HOURS)).thenNothingHappens();
        CALENDAR.given().when(new CalendarCommand.SetHours(List.of(morning, new Hours(LocalTime.of(11, 0), LocalTime.of(13, 0)))))
                .thenFails(InvalidInput.class, "overlap");
    }
}
