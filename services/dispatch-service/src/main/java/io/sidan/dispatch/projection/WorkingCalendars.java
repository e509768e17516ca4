package io.sidan.dispatch.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sidan.contracts.calendar.CalendarState;
import io.sidan.contracts.calendar.WorkingCalendar;
import io.sidan.contracts.envelope.EventJson;
import io.sidan.contracts.events.CalendarEvent;
import io.sidan.kit.config.CentreConfig;

/**
 * The working-day calendar as this service knows it from the request service's {@code calendar.*} events:
 * folded into one row, read for every deadline a working-time SLA sets (a small row: read each time, so
 * every instance counts with the same calendar).
 */
@ApplicationScoped
public class WorkingCalendars {

    /** The row's JSON: the hours and the marked days. */
    record Stored(List<WorkingCalendar.Hours> hours, List<CalendarEvent.MarkedDay> days) {
    }

    private final CentreConfig centre;

    public WorkingCalendars(CentreConfig centre) {
        this.centre = centre;
    }

    /** Folds one calendar event (in the consumer's transaction; the stream's events arrive in order). */
    public void apply(Connection c, CalendarEvent event, long streamVersion) throws SQLException {
        CalendarState next = state(c).evolve(event);
        try (PreparedStatement s = c.prepareStatement("insert into working_calendar (id, state, version) values (1, ?, ?) "
                + "on conflict (id) do update set state = excluded.state, version = excluded.version")) {
            s.setString(1, json(new Stored(next.hours(), List.copyOf(next.marks().values()))));
            s.setLong(2, streamVersion);
            s.executeUpdate();
        }
    }

    /** The calendar working-time deadlines count with now (the default hours and no marks until told otherwise). */
    public WorkingCalendar calendar(Connection c) throws SQLException {
        return state(c).calendar(centre.zone());
    }

    private static CalendarState state(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select state from working_calendar where id = 1");
             ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                return CalendarState.NONE;
            }
            Stored stored = EventJson.mapper().readValue(rs.getString(1), Stored.class);
            Map<LocalDate, CalendarEvent.MarkedDay> marks = stored.days().stream()
                    .collect(Collectors.toMap(CalendarEvent.MarkedDay::date, Function.identity()));
            return new CalendarState(stored.hours(), Map.copyOf(marks));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("working_calendar holds what is not a calendar", e);
        }
    }

    private static String json(Stored stored) {
        try {
            return EventJson.mapper().writeValueAsString(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
