package io.sidan.request.application;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.sidan.contracts.calendar.CalendarState;
import io.sidan.contracts.events.CalendarEvent;
import io.sidan.eventing.command.CommandHandler;
import io.sidan.eventing.store.EventMetadata;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.tx.Transactions;
import io.sidan.kit.config.CentreConfig;
import io.sidan.request.domain.CalendarCommand;
import io.sidan.request.domain.CalendarDecider;
import io.sidan.request.projection.CalendarQueries;
import org.jboss.logging.Logger;

/** The working-day calendar: admins' changes through the one command path, and what it says now. */
@ApplicationScoped
public class CalendarApplication {

    private static final Logger LOG = Logger.getLogger(CalendarApplication.class);

    private final Transactions tx;
    private final CommandHandler<CalendarState, CalendarCommand, CalendarEvent> calendar;
    private final CalendarQueries queries;
    private final ZoneId zone;
    private final Clock clock;

    public CalendarApplication(Transactions tx, EventStore store, CalendarQueries queries, CentreConfig centre, Clock clock) {
        this.tx = tx;
        this.clock = clock;
        this.zone = centre.zone();
        this.calendar = new CommandHandler<>(store, CalendarDecider.DECIDER);
        this.queries = queries;
    }

    /** Applies an admin's change; the calendar after it. */
    public CalendarState execute(CalendarCommand command, EventMetadata metadata) {
        CalendarState state = tx.inTransaction(c -> {
            var outcome = calendar.handle(c, CalendarDecider.STREAM, s -> command, metadata, OptionalLong.empty());
            if (outcome.changed()) {
                queries.notifyChange(c); // the other instances drop their copy once this commits
            }
            return outcome.state();
        });
        queries.changed(); // this one at once, so the admin's next request already counts with it
        LOG.infof("calendar changed by %s: %s", metadata.actor().id(), command.getClass().getSimpleName());
        return state;
    }

    public CalendarState state() {
        return tx.inTransaction(queries::state);
    }

    /** This year in the centre's zone, by the service's clock. */
    public int thisYear() {
        return LocalDate.ofInstant(clock.instant(), zone).getYear();
    }

    /** The centre's zone, in which the calendar's days and hours are. */
    public ZoneId zone() {
        return zone;
    }
}
