package io.sidan.kit.eventing;

import java.util.List;

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
}
