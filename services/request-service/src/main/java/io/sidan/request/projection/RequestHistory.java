package io.sidan.request.projection;

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
        RequestLifecycle lifecycle = RequestLifecycle.NONE;
        for (StoredEvent e : own) {
            if (catalogue.decode(e.envelope()).orElse(null) instanceof RequestEvent event) {
                lifecycle = RequestDecider.evolve(lifecycle, event, e.envelope().occurredAt());
            }
        }
        List<EventEnvelope> ordered = received.stream()
                .sorted(Comparator.comparing(EventEnvelope::source).thenComparing(EventEnvelope::streamVersion))
                .toList();
        for (EventEnvelope e : ordered) {
            SidanEvent event = catalogue.decode(e).orElse(null);
            if (event instanceof CaseEvent c) {
                lifecycle = lifecycle.with(lifecycle.dispatch().evolve(c, e.occurredAt()));
            } else if (event instanceof RatingEvent r) {
                lifecycle = lifecycle.with(lifecycle.rating().evolve(r, e.occurredAt()));
            }
        }
        return lifecycle;
    }

    public Optional<RequestEvent.Submitted> submitted(EventCatalogue<SidanEvent> catalogue) {
        return own.stream().map(e -> catalogue.decode(e.envelope()).orElse(null))
                .filter(RequestEvent.Submitted.class::isInstance).map(RequestEvent.Submitted.class::cast).findFirst();
    }
}
