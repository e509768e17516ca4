package io.sidan.eventing.store;

import io.sidan.contracts.envelope.EventEnvelope;

/** An event as the store holds it: the envelope, its global position and its topic. */
public record StoredEvent(long globalPosition, String topic, EventEnvelope envelope) {
}
