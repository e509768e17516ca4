package io.sidan.eventing.store;

import java.time.Instant;

import io.sidan.contracts.envelope.EventEnvelope;

/** An event as the store holds it: the envelope, its global position and topic, and when it was published. */
public record StoredEvent(long globalPosition, String topic, EventEnvelope envelope, Instant publishedAt) {
}
