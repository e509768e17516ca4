package io.sidan.eventing.outbox;

import java.time.Duration;

/**
 * How the outbox relay works.
 *
 * @param name         a name for logs and the leader lock (one active relay per name and database)
 * @param batchSize    events read and sent per round
 * @param pollInterval how often to look for events when nobody wakes the relay (the fallback)
 * @param maxBackoff   the longest wait between attempts while the broker is away
 */
public record RelaySettings(String name, int batchSize, Duration pollInterval, Duration maxBackoff) {

    public RelaySettings {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1");
        }
    }

    public static RelaySettings defaults(String name) {
        return new RelaySettings(name, 500, Duration.ofMillis(500), Duration.ofSeconds(5));
    }
}
