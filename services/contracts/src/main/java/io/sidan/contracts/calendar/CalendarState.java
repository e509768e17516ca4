package io.sidan.contracts.calendar;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sidan.contracts.events.CalendarEvent;

/**
 * The working-day calendar's events folded: the working hours (the default until set) and the marked days.
 * The request service, which keeps the calendar, and the dispatch service, which counts deadlines with it,
 * fold the same events the same way.
 */
public record CalendarState(List<WorkingCalendar.Hours> hours, Map<LocalDate, CalendarEvent.MarkedDay> marks) {

    public static final CalendarState NONE = new CalendarState(WorkingCalendar.DEFAULT_HOURS, Map.of());

    public CalendarState evolve(CalendarEvent event) {
        return switch (event) {
            case CalendarEvent.WorkingHoursSet e -> new CalendarState(e.hours(), marks);
            case CalendarEvent.YearSet e -> {
                Map<LocalDate, CalendarEvent.MarkedDay> next = new HashMap<>(marks);
                next.keySet().removeIf(day -> day.getYear() == e.year());
                e.days().forEach(day -> next.put(day.date(), day));
                yield new CalendarState(hours, Map.copyOf(next));
            }
            case CalendarEvent.DayMarked e -> {
                Map<LocalDate, CalendarEvent.MarkedDay> next = new HashMap<>(marks);
                if (e.mark() == null) {
                    next.remove(e.date());
                } else {
                    next.put(e.date(), new CalendarEvent.MarkedDay(e.date(), e.mark(), e.name()));
                }
                yield new CalendarState(hours, Map.copyOf(next));
            }
        };
    }

    /** The calendar the SLA clocks count working time with, in the centre's {@code zone}. */
    public WorkingCalendar calendar(ZoneId zone) {
        Map<LocalDate, WorkingCalendar.Mark> byDay = new HashMap<>();
        marks.forEach((day, marked) -> byDay.put(day, marked.mark()));
        return new WorkingCalendar(zone, hours, byDay);
    }
}
