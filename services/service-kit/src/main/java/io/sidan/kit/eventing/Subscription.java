package io.sidan.kit.eventing;

import java.util.List;
import java.util.Set;

import io.sidan.contracts.events.SidanEvent;
import io.sidan.eventing.consumer.EventHandler;

/**
 * A service's subscription to other services' topics. Declare it as a CDI bean; the eventing runtime
 * starts a consumer for it with the application and stops it on shutdown.
 */
public interface Subscription {

    /** The consumer's name: Kafka group id and key of its processed messages, e.g. {@code request-service.dispatch}. */
    String name();

    List<String> topics();

    EventHandler handler();

    /**
     * The events the handler wants (classes, or sealed families of them); records of other types are
     * passed over by their type header, unread. Empty: every type of the topics.
     */
    default Set<Class<? extends SidanEvent>> eventTypes() {
        return Set.of();
    }
}
