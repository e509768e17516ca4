package io.sidan.eventing.consumer;

import java.util.Optional;

import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.envelope.TraceContext;
import io.sidan.contracts.events.SidanEvent;

/**
 * A record taken from a topic: its envelope, the decoded event (empty when this service does not know
 * the type), where it came from, and the trace it was recorded in (null when untraced).
 */
public record ReceivedEvent(EventEnvelope envelope, Optional<SidanEvent> event, String topic, int partition,
                            long offset, TraceContext trace) {

    /** An event that carries no trace. */
    public ReceivedEvent(EventEnvelope envelope, Optional<SidanEvent> event, String topic, int partition, long offset) {
        this(envelope, event, topic, partition, offset, null);
    }
}
