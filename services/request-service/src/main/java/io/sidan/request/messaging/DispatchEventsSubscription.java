package io.sidan.request.messaging;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.sidan.contracts.Topics;
import io.sidan.contracts.events.CaseEvent;
import io.sidan.contracts.events.SidanEvent;
import io.sidan.eventing.consumer.EventHandler;
import io.sidan.kit.eventing.Subscription;
import io.sidan.request.application.RequestApplication;

/** Dispatch and service progress (派单, 接单, 办结) of each request: kept for the timeline, and it moves the status. */
@ApplicationScoped
public class DispatchEventsSubscription implements Subscription {

    private final RequestApplication requests;

    public DispatchEventsSubscription(RequestApplication requests) {
        this.requests = requests;
    }

    @Override
    public String name() {
        return "request-service.dispatch";
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.DISPATCH_EVENTS);
    }

    @Override
    public Set<Class<? extends SidanEvent>> eventTypes() {
        return Set.of(CaseEvent.class);
    }

    @Override
    public EventHandler handler() {
        return (c, e) -> {
            if (e.event().orElse(null) instanceof CaseEvent event) {
                requests.received(c, event.requestId(), e.envelope(), event);
            }
        };
    }
}
