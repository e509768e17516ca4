package io.sidan.eventing.consumer;

import java.util.Optional;

import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.events.SidanEvent;

/**
 * A record taken from a topic: its envelope, the decoded event (empty when this service does not know
 * the type), and where it came from.
 */
public record ReceivedEvent(EventEnvelope envelope, Optional<SidanEvent> event, String topic, int partition,
                            long offset) {
}
