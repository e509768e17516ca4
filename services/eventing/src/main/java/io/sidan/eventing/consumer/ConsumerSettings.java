package io.sidan.eventing.consumer;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One subscription.
 *
 * @param name         the consumer's name: its Kafka group id and its key in {@code processed_messages}
 * @param topics       the topics it reads
 * @param maxAttempts  how many times a failing record is tried before it goes to the dead-letter topic
 * @param firstBackoff the wait after the first failure; it doubles after each further one
 * @param pollTimeout  how long one poll waits for records
 * @param types        the event types the handler wants (CloudEvents {@code type}); other records are
 *                     passed over unread, without decoding or touching the database; empty: every type
 * @param commitInterval how often the handled positions are committed to the broker at most (also when
 *                     partitions are revoked and when the runner stops): each commit is a write to
 *                     {@code __consumer_offsets}, and one after every poll cost the broker about as many
 *                     requests as the events themselves; a position not yet committed is only read again
 *                     after a crash, and its records are then no-ops ({@code processed_messages})
 */
public record ConsumerSettings(String name, List<String> topics, int maxAttempts, Duration firstBackoff,
                               Duration pollTimeout, Set<String> types, Duration commitInterval) {

    public ConsumerSettings {
        if (!name.matches("[a-zA-Z0-9._-]+")) {
            throw new IllegalArgumentException("consumer name must be [a-zA-Z0-9._-]+: " + name);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        if (commitInterval.isNegative()) {
            throw new IllegalArgumentException("commitInterval must not be negative");
        }
        topics = List.copyOf(topics);
        types = Set.copyOf(types);
    }

    public static ConsumerSettings of(String name, List<String> topics) {
        return new ConsumerSettings(name, topics, 4, Duration.ofMillis(200), Duration.ofMillis(500), Set.of(), Duration.ofSeconds(1));
    }

    public ConsumerSettings withRetries(int maxAttempts, Duration firstBackoff) {
        return new ConsumerSettings(name, topics, maxAttempts, firstBackoff, pollTimeout, types, commitInterval);
    }

    /** Only these event types reach the handler. */
    public ConsumerSettings withTypes(Set<String> wanted) {
        return new ConsumerSettings(name, topics, maxAttempts, firstBackoff, pollTimeout, wanted, commitInterval);
    }

    /** Positions are committed at most this often (zero: after every poll that moved one). */
    public ConsumerSettings withCommitInterval(Duration interval) {
        return new ConsumerSettings(name, topics, maxAttempts, firstBackoff, pollTimeout, types, interval);
    }

    public boolean wants(String type) {
        return types.isEmpty() || types.contains(type);
    }
}
