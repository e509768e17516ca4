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
 */
public record ConsumerSettings(String name, List<String> topics, int maxAttempts, Duration firstBackoff,
                               Duration pollTimeout, Set<String> types) {

    public ConsumerSettings {
        if (!name.matches("[a-zA-Z0-9._-]+")) {
            throw new IllegalArgumentException("consumer name must be [a-zA-Z0-9._-]+: " + name);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        topics = List.copyOf(topics);
        types = Set.copyOf(types);
    }

    public static ConsumerSettings of(String name, List<String> topics) {
        return new ConsumerSettings(name, topics, 4, Duration.ofMillis(200), Duration.ofMillis(500), Set.of());
    }

    public ConsumerSettings withRetries(int maxAttempts, Duration firstBackoff) {
        return new ConsumerSettings(name, topics, maxAttempts, firstBackoff, pollTimeout, types);
    }

    /** Only these event types reach the handler. */
    public ConsumerSettings withTypes(Set<String> wanted) {
        return new ConsumerSettings(name, topics, maxAttempts, firstBackoff, pollTimeout, wanted);
    }

    public boolean wants(String type) {
        return types.isEmpty() || types.contains(type);
    }
}
