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
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sidan.contracts.calendar.CalendarState;
import io.sidan.contracts.calendar.WorkingCalendar;
import io.sidan.contracts.envelope.EventJson;
import io.sidan.contracts.events.CalendarEvent;
import io.sidan.eventing.tx.NotifiedCache;
import io.sidan.kit.config.CentreConfig;

/**
 * The working-day calendar as this service knows it from the request service's {@code calendar.*} events:
 * folded into one row, and kept in memory for every deadline a working-time SLA sets. A change of the row
 * notifies {@code sidan_working_calendar} in its transaction; every instance listens and drops its copy
 * moments after the commit. The copy is read outside the caller's transaction, on a connection of its own,
 * so it only ever holds what was committed (never a change a consumer's transaction made and may yet roll
 * back).
 */
@ApplicationScoped
public class WorkingCalendars {

    /** The channel a change of the row notifies in its transaction. */
    public static final String CHANNEL = "sidan_working_calendar";

    /** The row's JSON: the hours and the marked days. */
    record Stored(List<WorkingCalendar.Hours> hours, List<CalendarEvent.MarkedDay> days) {
    }

    private final CentreConfig centre;
    private final AgroalDataSource dataSource;
    private final NotifiedCache<WorkingCalendar> calendar;

    public WorkingCalendars(CentreConfig centre, AgroalDataSource dataSource) {
        this.centre = centre;
        this.dataSource = dataSource;
        this.calendar = new NotifiedCache<>(dataSource, CHANNEL);
    }

    void listen(@Observes StartupEvent event) {
        calendar.listen();
    }

    void stop(@Observes ShutdownEvent event) {
        calendar.close();
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
        calendar.notifyChange(c);
    }

    /**
     * The calendar working-time deadlines count with now, as committed (the default hours and no marks until
     * told otherwise).
     */
    public WorkingCalendar calendar() {
        try {
            return calendar.get(() -> QuarkusTransaction.suspendingExisting().call(() -> {
                try (Connection own = dataSource.getConnection()) {
                    return state(own).calendar(centre.zone());
                }
            }));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the working calendar: " + e.getMessage(), e);
        }
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
