package io.sidan.request.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;

import io.sidan.contracts.calendar.CalendarState;
import io.sidan.contracts.calendar.WorkingCalendar;
import io.sidan.contracts.events.CalendarEvent;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.store.StoredEvent;
import io.sidan.kit.config.CentreConfig;
import io.sidan.request.domain.CalendarDecider;

/**
 * The working-day calendar as it stands: its stream folded, kept in memory while the stream's version is
 * the same (one look at the version per use, so every instance sees another's change at once).
 */
@ApplicationScoped
public class CalendarQueries {

    private record Folded(long version, CalendarState state, WorkingCalendar calendar) {
    }

    private final EventStore store;
    private final CentreConfig centre;
    private volatile Folded folded = null;

    public CalendarQueries(EventStore store, CentreConfig centre) {
        this.store = store;
        this.centre = centre;
    }

    public CalendarState state(Connection c) throws SQLException {
        return current(c).state();
    }

    /** The calendar the SLA clocks count working time with, in the centre's zone. */
    public WorkingCalendar calendar(Connection c) throws SQLException {
        return current(c).calendar();
    }

    private Folded current(Connection c) throws SQLException {
        long version = version(c);
        Folded now = folded;
        if (now == null || now.version() != version) {
            CalendarState state = CalendarState.NONE;
            for (StoredEvent e : store.readStream(c, CalendarDecider.STREAM)) {
                if (store.catalogue().decode(e.envelope()).orElse(null) instanceof CalendarEvent event) {
                    state = state.evolve(event);
                }
            }
            now = new Folded(version, state, state.calendar(centre.zone()));
            folded = now;
        }
        return now;
    }

    private static long version(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select coalesce(max(version), 0) from event_store where stream_id = ?")) {
            s.setString(1, CalendarDecider.STREAM);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
