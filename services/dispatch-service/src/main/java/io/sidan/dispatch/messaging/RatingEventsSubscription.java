package io.sidan.dispatch.messaging;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.sidan.contracts.Topics;
import io.sidan.contracts.events.RatingEvent;
import io.sidan.contracts.events.SidanEvent;
import io.sidan.dispatch.projection.TeamReputation;
import io.sidan.eventing.consumer.EventHandler;
import io.sidan.kit.eventing.Subscription;

/** Team reputation from the rating service, which the ranking of suggestions uses. */
@ApplicationScoped
public class RatingEventsSubscription implements Subscription {

    @Override
    public String name() {
        return "dispatch-service.ratings";
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.RATING_EVENTS);
    }

    @Override
    public Set<Class<? extends SidanEvent>> eventTypes() {
        return Set.of(RatingEvent.ReputationChanged.class);
    }

    @Override
    public EventHandler handler() {
        return (c, e) -> {
            if (e.event().orElse(null) instanceof RatingEvent.ReputationChanged r) {
                TeamReputation rep = TeamReputation.findById(r.teamId());
                if (rep == null) {
                    rep = new TeamReputation();
                    rep.teamId = r.teamId();
                    rep.updatedAt = e.envelope().occurredAt();
                    rep.score = r.score();
                    rep.sampleSize = r.sampleSize();
                    rep.persist();
                } else if (!e.envelope().occurredAt().isBefore(rep.updatedAt)) { // keep the newest
                    rep.score = r.score();
                    rep.sampleSize = r.sampleSize();
                    rep.updatedAt = e.envelope().occurredAt();
                }
            }
        };
    }
}
