package io.sidan.request.domain;

import java.time.LocalDate;
import java.util.List;

import io.sidan.contracts.calendar.WorkingCalendar;
import io.sidan.contracts.events.CalendarEvent;

/** What an admin can do to the working-day calendar. */
public sealed interface CalendarCommand {

    record SetHours(List<WorkingCalendar.Hours> hours) implements CalendarCommand {
    }

    /** A year's official notice: every marked day of the year, replacing the year's marks. */
    record SetYear(int year, List<CalendarEvent.MarkedDay> days, String source) implements CalendarCommand {
    }

    /** One day marked ({@code mark}) or unmarked ({@code mark} null). */
    record MarkDay(LocalDate date, WorkingCalendar.Mark mark, String name) implements CalendarCommand {
    }
}
