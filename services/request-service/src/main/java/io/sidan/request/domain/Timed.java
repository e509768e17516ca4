package io.sidan.request.domain;

import java.time.Instant;

/** An event with the time it was recorded. */
public record Timed<E>(E event, Instant at) {
}
