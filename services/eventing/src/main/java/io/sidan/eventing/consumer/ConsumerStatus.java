package io.sidan.eventing.consumer;

import java.time.Instant;

/**
 * What a consumer is doing.
 *
 * @param name         the consumer
 * @param running      its poll loop is alive
 * @param lag          records behind the end of its partitions (-1 until known)
 * @param processed    records handled since start
 * @param duplicates   records skipped because they were handled before
 * @param deadLettered records sent to the dead-letter topic since start
 * @param retried      handlings repeated after a failure since start (a failed batch's records one by one,
 *                     and each further attempt of one record)
 * @param delaySeconds how old the newest event was when it was handled, from its occurrence to its commit
 *                     here (NaN until one was)
 * @param lastError    the last handler or broker error, or null
 * @param lastErrorAt  when it happened
 * @param lastPollAt   when the loop last polled (a stuck loop stops moving this)
 */
public record ConsumerStatus(String name, boolean running, long lag, long processed, long duplicates, long deadLettered,
                             long retried, double delaySeconds, String lastError, Instant lastErrorAt, Instant lastPollAt) {
}
