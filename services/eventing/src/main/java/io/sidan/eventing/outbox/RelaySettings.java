package io.sidan.eventing.outbox;

import java.time.Duration;

/**
 * How the outbox relay works.
 *
 * @param name         a name for logs and the leader lock (one active relay per name and database)
 * @param batchSize    events read and sent per round
 * @param pollInterval how often to look for events when nobody wakes the relay (the fallback)
 * @param maxBackoff   the longest wait between attempts while the broker is away
 * @param linger       how long a relay woken by a commit waits before it reads while appends come often, so
 *                     the appends of the next moments go in the same Kafka transaction (each transaction costs
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
     * How long a woken relay waits before it reads, given how long ago it last sent events (null: never): the
     * whole linger while appends come faster than one a linger (it sent less than a linger ago), so they share
     * transactions; none when they come slower, so a lone append goes at once instead of waiting for company
     * that is not coming.
     */
    public Duration lingerAfter(Duration sinceLastSend) {
        if (sinceLastSend == null || sinceLastSend.compareTo(linger) >= 0) {
            return Duration.ZERO;
        }
        return linger;
    }

    public static RelaySettings defaults(String name) {
        return new RelaySettings(name, 500, Duration.ofMillis(500), Duration.ofSeconds(5));
    }
}
