package io.sidan.request.messaging;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.sidan.contracts.Topics;
import io.sidan.contracts.events.RatingEvent;
import io.sidan.contracts.events.SidanEvent;
import io.sidan.eventing.consumer.EventHandler;
import io.sidan.kit.eventing.Subscription;
import io.sidan.request.application.RequestApplication;

/**
 * The rating sheets of each request (评单): kept for the timeline, they move the status to RATED, and
 * a finalized sheet closes the request.
 */
@ApplicationScoped
public class RatingEventsSubscription implements Subscription {

    private final RequestApplication requests;

    public RatingEventsSubscription(RequestApplication requests) {
        this.requests = requests;
    }

    @Override
    public String name() {
        return "request-service.rating";
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.RATING_EVENTS);
    }

    @Override
    public Set<Class<? extends SidanEvent>> eventTypes() {
        return Set.of(RatingEvent.Opened.class, RatingEvent.Submitted.class, RatingEvent.Flagged.class,
                RatingEvent.FollowedUp.class, RatingEvent.Finalized.class, RatingEvent.PointsAwarded.class);
    }

    @Override
    public EventHandler handler() {
        return (c, e) -> {
            String requestId = switch (e.event().orElse(null)) {
                case RatingEvent.Opened r -> r.requestId();
                case RatingEvent.Submitted r -> r.requestId();
                case RatingEvent.Flagged r -> r.requestId();
                case RatingEvent.FollowedUp r -> r.requestId();
                case RatingEvent.Finalized r -> r.requestId();
                case RatingEvent.PointsAwarded r -> r.requestId();
                case null, default -> null; // team reputation and other streams are not about one request
            };
            if (requestId == null) {
                return;
            }
            requests.received(c, requestId, e.envelope(), e.event().get());
            if (e.event().get() instanceof RatingEvent.Finalized finalized) {
                requests.closeAfterRating(c, requestId, finalized.round(), finalized.composite(), e.envelope());
            }
        };
    }
}
