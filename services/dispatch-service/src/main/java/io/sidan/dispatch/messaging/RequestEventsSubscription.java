package io.sidan.dispatch.messaging;

import java.sql.PreparedStatement;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.sidan.contracts.Topics;
import io.sidan.contracts.events.CalendarEvent;
import io.sidan.contracts.events.CatalogueEvent;
import io.sidan.contracts.events.Category;
import io.sidan.contracts.events.RequestEvent;
import io.sidan.contracts.events.SidanEvent;
import io.sidan.dispatch.application.CaseApplication;
import io.sidan.dispatch.domain.CaseCommand;
import io.sidan.dispatch.projection.WorkingCalendars;
import io.sidan.eventing.consumer.EventHandler;
import io.sidan.eventing.replay.Upsert;
import io.sidan.kit.eventing.Subscription;

/**
 * Requests from the request service: a submission opens a case, a cancellation cancels it, a reopen
 * (回头看) puts it back in the queue, an erasure forgets the resident's contact; catalogue changes keep the
 * list of known categories, calendar changes the working-day calendar deadlines count with.
 */
@ApplicationScoped
public class RequestEventsSubscription implements Subscription {

    private static final Upsert DETAILS = new Upsert("request_details", List.of("request_id", "requester_name",
            "contact_phone", "address", "lat", "lon", "description", "item", "channel", "preferred_from", "preferred_to"));

    private final CaseApplication cases;
    private final DataKeyClient dataKeys;
    private final WorkingCalendars calendars;

    public RequestEventsSubscription(CaseApplication cases, DataKeyClient dataKeys, WorkingCalendars calendars) {
        this.cases = cases;
        this.dataKeys = dataKeys;
        this.calendars = calendars;
    }

    @Override
    public String name() {
        return "dispatch-service.requests";
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.REQUEST_EVENTS);
    }

    @Override
    public Set<Class<? extends SidanEvent>> eventTypes() {
        return Set.of(RequestEvent.Submitted.class, RequestEvent.Cancelled.class, RequestEvent.Reopened.class,
                RequestEvent.PersonalDataErased.class, CatalogueEvent.CategoryAdded.class, CatalogueEvent.CategoryChanged.class,
                CalendarEvent.WorkingHoursSet.class, CalendarEvent.YearSet.class, CalendarEvent.DayMarked.class);
    }

    @Override
    public EventHandler handler() {
        return (c, e) -> {
            switch (e.event().orElse(null)) {
                case RequestEvent.Submitted s -> {
                    keepDetails(c, s);
                    cases.open(c, new CaseCommand.Open(s.requestId(), s.requesterId(), s.category(), s.location().grid(),
                            s.urgency(), s.title(), e.envelope().occurredAt(), s.sla(),
                            s.preferredWindow() == null ? null : s.preferredWindow().from()), e.envelope());
                }
                case RequestEvent.Cancelled x -> cases.cancel(c, x.requestId(), x.reason(), e.envelope());
                case RequestEvent.Reopened x -> cases.reopen(c, x.requestId(), x.reason(), x.reopenCount(), e.envelope());
                case RequestEvent.PersonalDataErased x -> erased(c, x.requestId());
                case CatalogueEvent.CategoryAdded x -> category(c, x.category());
                case CatalogueEvent.CategoryChanged x -> category(c, x.category());
                case CalendarEvent x -> calendars.apply(c, x, e.envelope().streamVersion());
                case null, default -> {
                    // closed requests, grids and unknown types do not concern dispatch
                }
            }
        };
    }

    /** What the team needs to do the job (contact, address, description), one row per request. */
    private static void keepDetails(java.sql.Connection c, RequestEvent.Submitted s) throws java.sql.SQLException {
        DETAILS.write(c, s.requestId(), s.requesterName(), s.contactPhone(), s.location().address(), s.location().lat(),
                s.location().lon(), s.description(), s.item(), s.channel(),
                s.preferredWindow() == null ? null : s.preferredWindow().from(),
                s.preferredWindow() == null ? null : s.preferredWindow().to());
    }

    /**
     * The request's key is gone; this instance forgets it at once (the others within a minute), and what was
     * kept before contacts were sealed is emptied.
     */
    private void erased(java.sql.Connection c, String requestId) throws java.sql.SQLException {
        try (PreparedStatement s = c.prepareStatement("update request_details set requester_name = null, contact_phone = null, "
                + "address = null, description = null, personal_data_erased = true where request_id = ?")) {
            s.setString(1, requestId);
            s.executeUpdate();
        }
        dataKeys.forget(requestId);
    }

    private static void category(java.sql.Connection c, Category category) throws java.sql.SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into category_ref (code, name_zh, active) values (?, ?, ?) "
                + "on conflict (code) do update set name_zh = excluded.name_zh, active = excluded.active")) {
            s.setString(1, category.code());
            s.setString(2, category.nameZh());
            s.setBoolean(3, category.active());
            s.executeUpdate();
        }
    }
}
