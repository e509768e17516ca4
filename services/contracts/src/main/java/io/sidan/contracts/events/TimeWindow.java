package io.sidan.contracts.events;

import java.time.Instant;

/** A resident's preferred time for the service. */
public record TimeWindow(Instant from, Instant to) {
}
