package io.sidan.eventing.consumer;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import io.sidan.contracts.Topics;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.eventing.tx.Transactions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Where a consumer puts a record it cannot handle: the record as it came, with its headers and the
 * error's ({@code sidan_error_*}), on {@code <topic>.dlq}; then a row in {@code dead_letters} for
 * operators. The topic is what counts: a record is never skipped unless it reached it.
 */
final class DeadLetters implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DeadLetters.class.getName());

    private final String consumer;
    private final Map<String, Object> producerConfig;
    private final Transactions transactions;
    private final Clock clock;
    private final BiConsumer<String, Throwable> onError;
    private Producer<String, byte[]> producer;

    DeadLetters(String consumer, Object bootstrapServers, Transactions transactions, Clock clock,
                BiConsumer<String, Throwable> onError) {
        this.consumer = consumer;
        this.transactions = transactions;
        this.clock = clock;
        this.onError = onError;
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, consumer + "-dlq");
        this.producerConfig = Map.copyOf(p);
    }

    /** Sends the record to its dead-letter topic; false when even that failed (read it again later). */
    boolean send(ConsumerRecord<String, byte[]> record, EventEnvelope envelope, Exception error) {
        String topic = Topics.deadLetter(record.topic());
        try {
            if (producer == null) {
                producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
            }
            ProducerRecord<String, byte[]> out = new ProducerRecord<>(topic, null, record.key(), record.value());
            for (Header h : record.headers()) {
                out.headers().add(h);
            }
            header(out, "sidan_error_consumer", consumer);
            header(out, "sidan_error_class", Failures.rootCause(error).getClass().getName());
            header(out, "sidan_error_message", Failures.describe(error));
            header(out, "sidan_error_original_topic", record.topic());
            header(out, "sidan_error_original_partition", String.valueOf(record.partition()));
            header(out, "sidan_error_original_offset", String.valueOf(record.offset()));
            header(out, "sidan_error_at", clock.instant().toString());
            producer.send(out).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            onError.accept("dead-letter topic " + topic + " unavailable: " + e.getMessage(), e);
            if (producer != null) {
                producer.close(Duration.ZERO); // a new one next time, once the broker is back
                producer = null;
            }
            return false;
        }
        recordRow(record, envelope, error);
        LOG.log(Level.WARNING, consumer + " sent " + record.topic() + "-" + record.partition() + "@" + record.offset()
                + " to " + topic + ": " + Failures.describe(error));
        return true;
    }

    private void recordRow(ConsumerRecord<String, byte[]> record, EventEnvelope envelope, Exception error) {
        try {
            transactions.inTransaction(c -> {
                try (PreparedStatement s = c.prepareStatement("insert into dead_letters (consumer, topic, kafka_partition, "
                        + "kafka_offset, event_id, event_type, error) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing")) {
                    s.setString(1, consumer);
                    s.setString(2, record.topic());
                    s.setInt(3, record.partition());
                    s.setLong(4, record.offset());
                    s.setString(5, envelope == null ? null : envelope.eventId().toString());
                    s.setString(6, envelope == null ? null : envelope.type());
                    s.setString(7, Failures.describe(error));
                    s.executeUpdate();
                }
                return null;
            });
        } catch (RuntimeException e) {
            // the record is safe on the dead-letter topic; this table is only a convenience for operators
            onError.accept("dead_letters table: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
            producer = null;
        }
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
    }
}
