package io.sidan.eventing.outbox;

import java.time.Instant;

/**
 * What the relay is doing.
 *
 * @param running       its thread is alive
 * @param leader        it holds the leader lock (the only instance that publishes)
 * @param published     events it has published since it started
 * @param transactions  Kafka transactions it has committed since it started (one per batch)
 * @param lastError     the last failure, or null
 * @param lastErrorAt   when it happened
 * @param lastSuccessAt when a round last finished without error
 */
public record RelayStatus(boolean running, boolean leader, long published, long transactions, String lastError,
                          Instant lastErrorAt, Instant lastSuccessAt) {
}
