package io.sidan.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import io.cloudevents.CloudEvent;
import io.sidan.contracts.envelope.CloudEventsMapping;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.events.RequestEvent;
import io.sidan.contracts.events.SidanEvent;
import io.sidan.eventing.outbox.OutboxRelay;
import io.sidan.eventing.outbox.RelaySettings;
import io.sidan.contracts.envelope.HashChain;
import io.sidan.eventing.store.EventMetadata;
import io.sidan.testing.KafkaBroker;
import io.sidan.testing.SharedInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class OutboxRelayTest {

    private final KafkaBroker broker = SharedInfrastructure.kafka();
    private final EventingFixture f = new EventingFixture();

    private OutboxRelay relay() {
        OutboxRelay relay = new OutboxRelay(f.store, f.dataSource, EventingFixture.kafka(broker),
                RelaySettings.defaults("test-service"), Clock.systemUTC());
        return relay;
    }

    @Test
    void tenThousandEventsOverAHundredStreamsAllArriveInStreamOrder() {
        broker.createTopics(List.of(f.topic), 6);
        try (OutboxRelay relay = relay()) {
            relay.start();
            // 100 streams x 100 events, appended in batches of 10 events per transaction, interleaved
            for (int round = 0; round < 10; round++) {
                for (int s = 0; s < 100; s++) {
                    String stream = "stream-" + s;
                    long expected = round * 10L;
                    List<SidanEvent> events = new ArrayList<>();
                    for (int i = 1; i <= 10; i++) {
                        events.add(new RequestEvent.Cancelled(stream, "event " + (expected + i)));
                    }
                    f.append(stream, expected, events);
                }
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> relay.backlog().count() == 0);
            assertThat(relay.status().published()).isEqualTo(10_000);
        }

        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(broker, f.topic, 10_000, Duration.ofSeconds(60));
        Map<String, List<EventEnvelope>> byStream = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            EventEnvelope e = CloudEventsMapping.envelopeOf(r);
            assertThat(r.key()).isEqualTo(e.streamId());
            ids.add(e.eventId().toString());
            byStream.computeIfAbsent(e.streamId(), k -> new ArrayList<>()).add(e);
        }
        assertThat(records).hasSize(10_000);
        assertThat(ids).hasSize(10_000);
        assertThat(byStream).hasSize(100);
        byStream.forEach((stream, events) -> {
            assertThat(events).extracting(EventEnvelope::streamVersion)
                    .as(stream).containsExactlyElementsOf(IntStream.rangeClosed(1, 100).mapToObj(i -> (long) i).toList());
            // the chain survives the trip: a consumer can verify it from the records alone
            assertThat(HashChain.verify(stream, events).valid()).as(stream).isTrue();
        });
        assertThat(f.count("select count(*) from outbox")).isZero();
    }

    @Test
    void whenOneSendFailsNoLaterEventOfItsStreamBecomesVisible() throws Exception {
        // a topic that refuses records over 8 KB: the middle event of three always fails, the others would go
        try (Admin admin = KafkaBroker.admin(broker.bootstrapServers())) {
            admin.createTopics(List.of(new NewTopic(f.topic, 1, (short) 1)
                    .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "8192")))).all().get();
        }
        Random random = new Random(7);
        StringBuilder tooLarge = new StringBuilder();
        random.ints(40_000, 'a', 'z' + 1).forEach(ch -> tooLarge.append((char) ch)); // random: lz4 cannot shrink it
        f.append("stuck", 0, List.of(new RequestEvent.Cancelled("stuck", "first"),
                new RequestEvent.Cancelled("stuck", tooLarge.toString()),
                new RequestEvent.Cancelled("stuck", "third")));
        try (OutboxRelay relay = relay()) {
            relay.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> relay.status().lastError() != null);
            Thread.sleep(1_000); // and it tries again
            assertThat(relay.status().published()).isZero();
            assertThat(relay.backlog().count()).isEqualTo(3);
        }
        // "first" and "third" reached the log, in transactions that were aborted: a consumer sees none of them
        assertThat(TopicReader.readToEnd(broker, f.topic, "read_uncommitted")).extracting(r -> CloudEventsMapping.envelopeOf(r).streamVersion())
                .contains(1L, 3L).doesNotContain(2L);
        assertThat(TopicReader.readToEnd(broker, f.topic, "read_committed")).isEmpty();
    }

    @Test
    void everyRecordIsACloudEventWithTheRequiredAttributesAndExtensions() {
        broker.createTopics(List.of(f.topic), 3);
        f.tx.inTransaction(c -> f.store.append(c, "ce-stream", 0,
                List.of(new RequestEvent.Cancelled("ce-stream", "原因"), new RequestEvent.Reopened("ce-stream", "再来", 1)),
                new EventMetadata(EventingFixture.TESTER, "corr-42", "cause-7")));
        try (OutboxRelay relay = relay()) {
            relay.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> relay.backlog().count() == 0);
        }
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(broker, f.topic, 2, Duration.ofSeconds(30));
        assertThat(records).hasSize(2);
        for (ConsumerRecord<String, byte[]> r : records) {
            CloudEvent ce = CloudEventsMapping.cloudEventOf(r); // parsed by the CloudEvents SDK
            assertThat(ce.getSpecVersion().toString()).isEqualTo("1.0");
            assertThat(ce.getId()).isNotBlank();
            assertThat(ce.getSource().toString()).isEqualTo("test-service");
            assertThat(ce.getType()).isIn("request.cancelled", "request.reopened");
            assertThat(ce.getSubject()).isEqualTo("ce-stream");
            assertThat(ce.getTime()).isNotNull();
            assertThat(ce.getDataContentType()).isEqualTo("application/json");
            assertThat(ce.getExtension("streamversion").toString()).isIn("1", "2");
            assertThat(ce.getExtension("schemaversion").toString()).isEqualTo("1");
            assertThat(ce.getExtension("correlationid")).hasToString("corr-42");
            assertThat(ce.getExtension("causationid")).hasToString("cause-7");
            assertThat(ce.getExtension("actor")).hasToString("dispatcher:tester-1");
            assertThat(ce.getExtension("actorname")).hasToString("测试员");
            assertThat(ce.getExtension("chainhash").toString()).matches("[0-9a-f]{64}");
            assertThat(ce.getExtension("prevhash").toString()).matches("[0-9a-f]{64}");
            assertThat(new String(ce.getData().toBytes(), StandardCharsets.UTF_8)).contains("ce-stream");
        }
    }

    @Test
    void aCommitAnywhereWakesTheActiveRelayWithoutWaitingForItsPoll() {
        broker.createTopics(List.of(f.topic), 3);
        // a poll so slow that only the database's notification can explain a prompt publish
        try (OutboxRelay relay = new OutboxRelay(f.store, f.dataSource, EventingFixture.kafka(broker),
                new RelaySettings("test-service", 500, Duration.ofMinutes(5), Duration.ofSeconds(5)), Clock.systemUTC())) {
            relay.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> relay.status().leader() && relay.status().lastSuccessAt() != null);
            for (int round = 1; round <= 3; round++) {
                // appended through the fixture's own transactions: another instance, as far as the relay knows
                f.appendNext("woken-" + round, "n" + round);
                long expected = round;
                await().atMost(Duration.ofSeconds(20)).until(() -> relay.status().published() == expected);
            }
            // acknowledged entries wait a moment for the next read before they are deleted on their own
            await().atMost(Duration.ofSeconds(5)).until(() -> f.count("select count(*) from outbox") == 0);
        }
    }

    @Test
    void appendsCommittedWhileTheWokenRelayLingersGoInOneTransaction() {
        broker.createTopics(List.of(f.topic), 3);
        // a linger long enough that the five appends below (each its own database transaction) surely fall in it
        try (OutboxRelay relay = new OutboxRelay(f.store, f.dataSource, EventingFixture.kafka(broker),
                new RelaySettings("test-service", 500, Duration.ofMinutes(5), Duration.ofSeconds(5), Duration.ofSeconds(3)),
                Clock.systemUTC())) {
            relay.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> relay.status().leader() && relay.status().lastSuccessAt() != null);
            // it has sent nothing yet: a lone append goes at once; then the relay has sent less than a linger ago
            f.appendNext("linger-first", "n");
            await().atMost(Duration.ofSeconds(20)).until(() -> relay.status().published() == 1);
            for (int i = 0; i < 5; i++) {
                f.appendNext("linger-" + i, "n" + i);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> relay.status().published() == 6);
            assertThat(relay.status().transactions()).isEqualTo(2);
        }
        assertThat(TopicReader.readAll(broker, f.topic, 6, Duration.ofSeconds(30))).hasSize(6);
    }

    @Test
    void onlyOneOfTwoRelaysOnTheSameDatabasePublishes() {
        broker.createTopics(List.of(f.topic), 3);
        try (OutboxRelay first = relay(); OutboxRelay second = relay()) {
            first.start();
            second.start();
            for (int i = 0; i < 200; i++) {
                f.appendNext("pair-" + (i % 10), "n" + i);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> first.backlog().count() == 0);
            assertThat(List.of(first.status().leader(), second.status().leader())).containsExactlyInAnyOrder(true, false);
            assertThat(first.status().published() + second.status().published()).isEqualTo(200);

            // when the active relay stops, the other takes over
            OutboxRelay active = first.status().leader() ? first : second;
            OutboxRelay standby = active == first ? second : first;
            active.close();
            for (int i = 0; i < 20; i++) {
                f.appendNext("after-" + i, "n" + i);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> standby.backlog().count() == 0);
            assertThat(standby.status().leader()).isTrue();
        }
        assertThat(TopicReader.readAll(broker, f.topic, 220, Duration.ofSeconds(30))).hasSize(220);
    }
}
