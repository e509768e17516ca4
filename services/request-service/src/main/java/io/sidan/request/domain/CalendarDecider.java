package io.sidan.request.domain;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.sidan.contracts.calendar.CalendarState;
import io.sidan.contracts.calendar.WorkingCalendar;
import io.sidan.contracts.domain.Decider;
import io.sidan.contracts.domain.InvalidInput;
import io.sidan.contracts.events.CalendarEvent;

/**
 * Rules of the working-day calendar (one stream, {@value #STREAM}): working hours are at least one stretch,
 * in order, not overlapping; a year's notice marks only days of that year, each once; marking a day as it
 * already is changes nothing.
 */
public final class CalendarDecider {

    public static final String STREAM = "calendar";

    public static final Decider<CalendarState, CalendarCommand, CalendarEvent> DECIDER =
            Decider.of(CalendarState.NONE, CalendarDecider::decide, (state, event, at) -> state.evolve(event),
                    CalendarEvent.class);

    private CalendarDecider() {
    }

    public static List<CalendarEvent> decide(CalendarCommand command, CalendarState state) {
        return switch (command) {
            case CalendarCommand.SetHours c -> {
                try {
                    new WorkingCalendar(ZoneId.of("UTC"), c.hours(), Map.of());
                } catch (IllegalArgumentException e) {
                    throw new InvalidInput("hours", e.getMessage());
                }
                List<WorkingCalendar.Hours> sorted = c.hours().stream()
                        .sorted(java.util.Comparator.comparing(WorkingCalendar.Hours::from)).toList();
                yield sorted.equals(state.hours()) ? List.of() : List.of(new CalendarEvent.WorkingHoursSet(sorted));
            }
            case CalendarCommand.SetYear c -> {
                Set<LocalDate> seen = new HashSet<>();
                for (CalendarEvent.MarkedDay day : c.days()) {
                    if (day.date().getYear() != c.year()) {
                        throw new InvalidInput("days", day.date() + " is not in " + c.year());
                    }
                    if (!seen.add(day.date())) {
                        throw new InvalidInput("days", day.date() + " is marked twice");
                    }
                }
                List<CalendarEvent.MarkedDay> sorted = c.days().stream()
                        .sorted(java.util.Comparator.comparing(CalendarEvent.MarkedDay::date)).toList();
                yield List.of(new CalendarEvent.YearSet(c.year(), sorted, c.source()));
            }
            case CalendarCommand.MarkDay c -> {
                CalendarEvent.MarkedDay now = state.marks().get(c.date());
                boolean same = c.mark() == null ? now == null
                        : now != null && now.mark() == c.mark() && Objects.equals(now.name(), c.name());
                yield same ? List.of() : List.of(new CalendarEvent.DayMarked(c.date(), c.mark(), c.name()));
            }
        };
    }
}
