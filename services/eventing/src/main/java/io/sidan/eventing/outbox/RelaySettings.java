package io.sidan.eventing.outbox;

import java.time.Duration;

/**
 * How the outbox relay works.
 *
 * @param name         a name for logs and the leader lock (one active relay per name and database)
 * @param batchSize    events read and sent per round
 * @param pollInterval how often to look for events when nobody wakes the relay (the fallback)
 * @param maxBackoff   the longest wait between attempts while the broker is away
 * @param linger       the shortest time between two sends of a relay woken by commits while appends come
 *                     often, so the appends of those moments go in the same Kafka transaction (each transaction costs
 *                     the broker a round with its coordinator and a marker per partition); see {@link #lingerAfter}
 */
public record RelaySettings(String name, int batchSize, Duration pollInterval, Duration maxBackoff, Duration linger) {

    public RelaySettings {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1");
        }
        if (linger.isNegative()) {
            throw new IllegalArgumentException("linger must not be negative");
        }
    }

    /** Settings that read as soon as a commit wakes the relay (no linger). */
    public RelaySettings(String name, int batchSize, Duration pollInterval, Duration maxBackoff) {
        this(name, batchSize, pollInterval, maxBackoff, Duration.ZERO);
    }

    /**
     * How long a woken relay waits before it reads, given how long ago it last sent events (since it read the
     * batch it then sent; null: never): what is left of a linger since that send while appends come faster than
     * one a linger, so they share transactions (at most one begins a linger) and none waits more than a linger
     * for company; nothing when they come slower, so a lone append goes at once instead of waiting for company
     * that is not coming.
     */
    public Duration lingerAfter(Duration sinceLastSend) {
        if (sinceLastSend == null || sinceLastSend.compareTo(linger) >= 0) {
            return Duration.ZERO;
        }
        return sinceLastSend.isNegative() ? linger : linger.minus(sinceLastSend); // never more than a linger
    }

    public static RelaySettings defaults(String name) {
        return new RelaySettings(name, 500, Duration.ofMillis(500), Duration.ofSeconds(5));
    }
}
