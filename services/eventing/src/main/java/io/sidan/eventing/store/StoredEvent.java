package io.sidan.eventing.store;

import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.envelope.TraceContext;

/**
 * An event as the store holds it: the envelope, its global position, its topic and the trace it was
 * recorded in (null when tracing was off).
 */
public record StoredEvent(long globalPosition, String topic, EventEnvelope envelope, TraceContext trace) {

    /** An event stored without a trace. */
    public StoredEvent(long globalPosition, String topic, EventEnvelope envelope) {
        this(globalPosition, topic, envelope, null);
    }
}
