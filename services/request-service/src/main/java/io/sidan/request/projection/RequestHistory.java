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
import io.sidan.request.domain.RequestDecider;
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
        received.stream().sorted(Comparator.comparing(EventEnvelope::source).thenComparingLong(EventEnvelope::streamVersion))
                .forEach(e -> {
                    SidanEvent event = catalogue.decode(e).orElse(null);
                    if (event instanceof CaseEvent c) {
                        dispatch.add(new Timed<>(c, e.occurredAt()));
                    } else if (event instanceof RatingEvent r) {
                        rating.add(new Timed<>(r, e.occurredAt()));
                    }
                });
        return new Decoded(ownEvents, dispatch, rating);
    }

    /** A request's events, decoded. */
    public record Decoded(List<Timed<RequestEvent>> own, List<Timed<CaseEvent>> dispatch, List<Timed<RatingEvent>> rating) {

        /** The request's own events folded, then what the dispatch and rating services said about it. */
        public RequestLifecycle lifecycle() {
            RequestLifecycle lifecycle = RequestLifecycle.NONE;
            for (Timed<RequestEvent> e : own) {
                lifecycle = RequestDecider.evolve(lifecycle, e.event(), e.at());
            }
            // the two services' streams are independent; within each, the stream order
            for (Timed<CaseEvent> e : dispatch) {
                lifecycle = lifecycle.with(lifecycle.dispatch().evolve(e.event(), e.at()));
            }
            for (Timed<RatingEvent> e : rating) {
                lifecycle = lifecycle.with(lifecycle.rating().evolve(e.event(), e.at()));
            }
            return lifecycle;
        }

        public Optional<RequestEvent.Submitted> submitted() {
            return own.stream().map(Timed::event).filter(RequestEvent.Submitted.class::isInstance)
                    .map(RequestEvent.Submitted.class::cast).findFirst();
        }
    }
}
