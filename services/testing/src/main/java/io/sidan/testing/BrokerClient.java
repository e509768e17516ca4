package io.sidan.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import io.sidan.contracts.envelope.CloudEventsMapping;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.envelope.TraceContext;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Puts events on the real broker as another service would, and reads what a service published. */
public final class BrokerClient implements AutoCloseable {

    private final KafkaBroker broker;
    private final KafkaProducer<String, byte[]> producer;

    public BrokerClient(KafkaBroker broker) {
        this.broker = broker;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    public static BrokerClient shared() {
        return new BrokerClient(SharedInfrastructure.kafka());
    }

    /** Publishes and waits for the broker's acknowledgement. */
    public void publish(String topic, EventEnvelope... events) {
        try {
            for (EventEnvelope e : events) {
                producer.send(CloudEventsMapping.toProducerRecord(topic, e)).get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
        }
    }

    /** Publishes one event as recorded in a trace (its {@code ce_traceparent}), as a traced service would. */
    public void publish(String topic, TraceContext trace, EventEnvelope event) {
        try {
            producer.send(CloudEventsMapping.toProducerRecord(topic, event, trace)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
        }
    }

    /**
     * Reads a topic from the beginning until {@code expected} matching events arrived or the time is up;
     * returns the matching events in the order read.
     */
    public List<EventEnvelope> read(String topic, Predicate<EventEnvelope> filter, int expected, Duration timeout) {
        List<EventEnvelope> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    EventEnvelope e = CloudEventsMapping.envelopeOf(r);
                    if (filter.test(e)) {
                        found.add(e);
                    }
                }
            }
        }
        return found;
    }

    /**
     * Every record on a topic now, its value and headers as text, records of aborted transactions included:
     * what anyone who can read the broker can read.
     */
    public List<String> texts(String topic) {
        List<String> texts = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    StringBuilder text = new StringBuilder(r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8));
                    for (Header h : r.headers()) {
                        text.append('\n').append(h.key()).append('=').append(new String(h.value(), StandardCharsets.UTF_8));
                    }
                    texts.add(text.toString());
                }
            }
        }
        return texts;
    }

    @Override
    public void close() {
        producer.close();
    }
}
