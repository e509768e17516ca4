package io.sidan.eventing.outbox;

import java.time.Duration;

/** Events committed but not yet acknowledged by the broker, and how long the oldest has waited. */
public record OutboxBacklog(long count, Duration oldestAge) {
}
