package io.sidan.request.projection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.sidan.contracts.envelope.EventCatalogue;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.events.CaseEvent;
import io.sidan.contracts.events.RatingEvent;
import io.sidan.contracts.events.RequestEvent;
import io.sidan.contracts.events.SidanEvent;
import io.sidan.eventing.store.StoredEvent;
import io.sidan.request.domain.RequestLifecycle;
import io.sidan.request.domain.Timed;

/**
 * All that is known about one request: its own stream and the events received from the dispatch and
 * rating services. Each stream is folded in its own version order.
 */
public record RequestHistory(String requestId, List<StoredEvent> own, List<EventEnvelope> received) {

    /** The own stream's version: the expected version of the next append. */
    public long version() {
        return own.isEmpty() ? 0 : own.get(own.size() - 1).envelope().streamVersion();
    }

    public boolean exists() {
        return !own.isEmpty();
    }

    public RequestLifecycle lifecycle(EventCatalogue<SidanEvent> catalogue) {
        return decode(catalogue).lifecycle();
    }

    /** What the dispatch and rating services reported, as the lifecycle the request's own events fold onto. */
    public static RequestLifecycle reported(String requestId, List<EventEnvelope> received, EventCatalogue<SidanEvent> catalogue) {
        return new RequestHistory(requestId, List.of(), received).lifecycle(catalogue);
    }

    /** Every event decoded once: the own stream in version order, the received ones by source and stream order. */
    public Decoded decode(EventCatalogue<SidanEvent> catalogue) {
        List<Timed<RequestEvent>> ownEvents = new ArrayList<>(own.size());
        for (StoredEvent e : own) {
            if (catalogue.decode(e.envelope()).orElse(null) instanceof RequestEvent event) {
                ownEvents.add(new Timed<>(event, e.envelope().occurredAt()));
            }
        }
        List<Timed<CaseEvent>> dispatch = new ArrayList<>();
        List<Timed<RatingEvent>> rating = new ArrayList<>();
        RequestFold.Position dispatchUpTo = null;
        RequestFold.Position ratingUpTo = null;
        List<EventEnvelope> inOrder = new ArrayList<>(received);
        inOrder.sort(Comparator.comparing(EventEnvelope::source).thenComparingLong(EventEnvelope::streamVersion));
        for (EventEnvelope e : inOrder) {
            SidanEvent event = catalogue.decode(e).orElse(null);
            if (event instanceof CaseEvent c) {
                dispatch.add(new Timed<>(c, e.occurredAt()));
                dispatchUpTo = RequestFold.Position.of(e);
            } else if (event instanceof RatingEvent r) {
                rating.add(new Timed<>(r, e.occurredAt()));
                ratingUpTo = RequestFold.Position.of(e);
            }
        }
        return new Decoded(ownEvents, dispatch, rating, dispatchUpTo, ratingUpTo);
    }

    /** A request's events, decoded, and where the other services' streams were read up to. */
    public record Decoded(List<Timed<RequestEvent>> own, List<Timed<CaseEvent>> dispatch, List<Timed<RatingEvent>> rating,
                          RequestFold.Position dispatchUpTo, RequestFold.Position ratingUpTo) {

        /** The request's own events folded, then what the dispatch and rating services said about it ({@link RequestFold}). */
        public RequestLifecycle lifecycle() {
            return RequestFold.of(this).lifecycle();
        }

        public Optional<RequestEvent.Submitted> submitted() {
            return own.stream().map(Timed::event).filter(RequestEvent.Submitted.class::isInstance)
                    .map(RequestEvent.Submitted.class::cast).findFirst();
        }
    }
}
