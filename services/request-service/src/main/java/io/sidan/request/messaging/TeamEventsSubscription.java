package io.sidan.request.messaging;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.sidan.contracts.Topics;
import io.sidan.contracts.events.SidanEvent;
import io.sidan.contracts.events.TeamEvent;
import io.sidan.eventing.consumer.EventHandler;
import io.sidan.kit.eventing.Subscription;
import io.sidan.request.projection.TeamName;

/** Team names from the dispatch service's registry, so residents see who serves them. */
@ApplicationScoped
public class TeamEventsSubscription implements Subscription {

    private final Clock clock;

    public TeamEventsSubscription(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "request-service.teams";
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.TEAM_EVENTS);
    }

    @Override
    public Set<Class<? extends SidanEvent>> eventTypes() {
        return Set.of(TeamEvent.class);
    }

    @Override
    public EventHandler handler() {
        return (c, e) -> {
            if (e.event().orElse(null) instanceof TeamEvent event) {
                TeamName t = TeamName.findById(event.team().teamId());
                if (t == null) {
                    t = new TeamName();
                    t.teamId = event.team().teamId();
                    t.name = event.team().name();
                    t.updatedAt = clock.instant();
                    t.persist();
                } else {
                    t.name = event.team().name();
                    t.updatedAt = clock.instant();
                }
            }
        };
    }
}
