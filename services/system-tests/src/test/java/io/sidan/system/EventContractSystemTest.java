package io.sidan.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.sidan.contracts.Topics;
import io.sidan.contracts.envelope.CloudEventsMapping;
import io.sidan.contracts.envelope.EventCatalogue;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.envelope.HashChain;
import io.sidan.contracts.events.SidanEvent;
import io.sidan.contracts.schema.EventSchemas;
import io.sidan.local.LocalSystem;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Every record the three services put on the topics is a CloudEvent with Sidan's extensions, its
 * payload validates against the published schema of its type, and each stream's hash chain verifies.
 */
class EventContractSystemTest {

    private final LocalSystem system = TheSystem.get();
    private final Api api = new Api(system);
    private final EventCatalogue<SidanEvent> catalogue = EventCatalogue.standard();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyPublishedEventMatchesItsSchemaAndEveryChainVerifies() throws Exception {
        // make sure every producer has written something: a served and rated request
        String id = api.submitted("resident1", "ELDERLY_CARE", "NORMAL");
        api.awaitCase(id);
        api.assign(id, "blue-sky").then().statusCode(200);
        api.serve("team-blue", id, List.of(Map.of("volunteerId", "v-sun-hao", "hours", 1)));
        api.awaitSheet(id);
        api.rate("resident1", id, 5).then().statusCode(201);
        api.rate("dispatcher1", id, 5).then().statusCode(201);
        api.rate("reviewer1", id, 2).then().statusCode(201);
        api.awaitStatus(id, "CLOSED");

        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        Map<String, JsonSchema> schemas = new HashMap<>();
        Map<String, List<EventEnvelope>> streams = new HashMap<>();
        List<String> problems = new ArrayList<>();
        int records = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "contract-check-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(Topics.ALL);
            int quiet = 0;
            while (quiet < 5) {
                var batch = consumer.poll(Duration.ofMillis(500));
                quiet = batch.isEmpty() ? quiet + 1 : 0;
                for (ConsumerRecord<String, byte[]> r : batch) {
                    records++;
                    EventEnvelope e = CloudEventsMapping.envelopeOf(r); // fails on a record without the CloudEvents attributes
                    if (!r.key().equals(e.streamId())) {
                        problems.add(e.type() + " " + e.eventId() + ": key " + r.key() + " is not the stream " + e.streamId());
                    }
                    JsonSchema schema = schemas.computeIfAbsent(e.type(), t -> factory.getSchema(EventSchemas.schema(catalogue, t)));
                    Set<ValidationMessage> errors = schema.validate(json.readTree(e.payload()));
                    if (!errors.isEmpty()) {
                        problems.add(e.type() + " " + e.eventId() + ": " + errors);
                    }
                    streams.computeIfAbsent(e.source() + "|" + e.streamId(), k -> new ArrayList<>()).add(e);
                }
            }
        }
        assertThat(records).isGreaterThan(20);
        assertThat(problems).isEmpty();
        for (Map.Entry<String, List<EventEnvelope>> s : streams.entrySet()) {
            // a stream may appear more than once (at-least-once delivery): verify its distinct events in order
            List<EventEnvelope> distinct = s.getValue().stream()
                    .collect(java.util.stream.Collectors.toMap(EventEnvelope::eventId, e -> e, (a, b) -> a)).values().stream()
                    .sorted(java.util.Comparator.comparingLong(EventEnvelope::streamVersion)).toList();
            String streamId = s.getKey().substring(s.getKey().indexOf('|') + 1);
            assertThat(HashChain.verify(streamId, distinct).valid()).as(s.getKey()).isTrue();
        }
        assertThat(streams.keySet()).anyMatch(k -> k.startsWith("request-service|"))
                .anyMatch(k -> k.startsWith("dispatch-service|")).anyMatch(k -> k.startsWith("rating-service|"));
    }
}
