package io.sidan.contracts.events;

import java.time.LocalDate;
import java.util.List;

import io.sidan.contracts.calendar.WorkingCalendar;

/**
 * The working-day calendar of the centre, produced by the request service (stream id {@code calendar}):
 * working hours, and the days marked off (法定节假日) or on (调休 make-up days), edited by admins or
 * imported from a year's official notice. Unmarked days follow the weekday rule (Monday to Friday).
 */
public sealed interface CalendarEvent extends SidanEvent {

    /** A marked day: a holiday, or a weekend day worked instead ({@code name} says which, e.g. 春节). */
    record MarkedDay(LocalDate date, WorkingCalendar.Mark mark, String name) {
    }

    /** The working hours of every working day, in order, not overlapping. */
    @EventType(name = "calendar.working-hours-set")
    record WorkingHoursSet(List<WorkingCalendar.Hours> hours) implements CalendarEvent {
    }

    /** A year's marked days, all of them (they replace the year's earlier marks): an official notice imported. */
    @EventType(name = "calendar.year-set")
    record YearSet(int year, List<MarkedDay> days, String source) implements CalendarEvent {
    }

    /** One day marked, or unmarked ({@code mark} absent: the weekday rule again). */
    @EventType(name = "calendar.day-marked")
    record DayMarked(LocalDate date, @Nullable WorkingCalendar.Mark mark, String name) implements CalendarEvent {
    }
}
