package io.sidan.request.projection;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

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
import io.sidan.eventing.tx.ChangeListener;
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
    private final AgroalDataSource dataSource;
    private final AtomicLong generation = new AtomicLong();
    private volatile Folded folded = null;
    private ChangeListener listener;

    public CalendarQueries(EventStore store, CentreConfig centre, AgroalDataSource dataSource) {
        this.store = store;
        this.centre = centre;
        this.dataSource = dataSource;
    }

    void listen(@Observes StartupEvent event) {
        listener = new ChangeListener(dataSource, CHANNEL, this::changed);
    }

    void stop(@Observes ShutdownEvent event) {
        if (listener != null) {
            listener.close();
        }
    }

    /** Drops the copy in memory: the next use folds the stream again. */
    public void changed() {
        generation.incrementAndGet();
        folded = null;
    }

    /** Tells every instance, when the caller's transaction commits, that the calendar changed. */
    public static void notifyChange(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("select pg_notify('" + CHANNEL + "', '')");
        }
    }

    public CalendarState state(Connection c) throws SQLException {
        return current(c).state();
    }

    /** The calendar the SLA clocks count working time with, in the centre's zone. */
    public WorkingCalendar calendar(Connection c) throws SQLException {
        return current(c).calendar();
    }

    private Folded current(Connection c) throws SQLException {
        Folded now = folded;
        if (now != null) {
            return now;
        }
        long seen = generation.get();
        CalendarState state = CalendarState.NONE;
        for (StoredEvent e : store.readStream(c, CalendarDecider.STREAM)) {
            if (store.catalogue().decode(e.envelope()).orElse(null) instanceof CalendarEvent event) {
                state = state.evolve(event);
            }
        }
        now = new Folded(state, state.calendar(centre.zone()));
        if (generation.get() == seen) { // nothing changed while it was read: keep it
            folded = now;
        }
        return now;
    }
}
