package io.sidan.request.projection;

import java.sql.Connection;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import io.sidan.contracts.calendar.CalendarState;
import io.sidan.contracts.calendar.WorkingCalendar;
import io.sidan.contracts.events.CalendarEvent;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.store.StoredEvent;
import io.sidan.eventing.tx.NotifiedCache;
import io.sidan.kit.config.CentreConfig;
import io.sidan.request.domain.CalendarDecider;

/**
 * The working-day calendar as it stands: its stream folded and kept in memory until it changes. A change
 * notifies {@code sidan_calendar} in its transaction; every instance listens and drops its copy (the one that
 * made the change at once, the others moments after the commit), so a submit reads no calendar at all.
 */
@ApplicationScoped
public class CalendarQueries {

    /** The channel a calendar change notifies in its transaction. */
    public static final String CHANNEL = "sidan_calendar";

    private record Folded(CalendarState state, WorkingCalendar calendar) {
    }

    private final EventStore store;
    private final CentreConfig centre;
    private final NotifiedCache<Folded> folded;

    public CalendarQueries(EventStore store, CentreConfig centre, AgroalDataSource dataSource) {
        this.store = store;
        this.centre = centre;
        this.folded = new NotifiedCache<>(dataSource, CHANNEL);
    }

    void listen(@Observes StartupEvent event) {
        folded.listen();
    }

    void stop(@Observes ShutdownEvent event) {
        folded.close();
    }

    /** Drops the copy in memory: the next use folds the stream again. */
    public void changed() {
        folded.drop();
    }

    /** Tells every instance, when the caller's transaction commits, that the calendar changed. */
    public void notifyChange(Connection c) throws SQLException {
        folded.notifyChange(c);
    }

    public CalendarState state(Connection c) throws SQLException {
        return current(c).state();
    }

    /** The calendar the SLA clocks count working time with, in the centre's zone. */
    public WorkingCalendar calendar(Connection c) throws SQLException {
        return current(c).calendar();
    }

    private Folded current(Connection c) throws SQLException {
        return folded.get(() -> {
            CalendarState state = CalendarState.NONE;
            for (StoredEvent e : store.readStream(c, CalendarDecider.STREAM)) {
                if (store.catalogue().decode(e.envelope()).orElse(null) instanceof CalendarEvent event) {
                    state = state.evolve(event);
                }
            }
            return new Folded(state, state.calendar(centre.zone()));
        });
    }
}
