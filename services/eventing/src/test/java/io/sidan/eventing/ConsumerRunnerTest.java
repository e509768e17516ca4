package io.sidan.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sidan.contracts.Topics;
import io.sidan.contracts.envelope.CloudEventsMapping;
import io.sidan.contracts.envelope.EventCatalogue;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.eventing.consumer.ConsumerRunner;
import io.sidan.eventing.consumer.ConsumerSettings;
import io.sidan.eventing.consumer.EventHandler;
import io.sidan.eventing.store.StoredEvent;
import io.sidan.testing.KafkaBroker;
import io.sidan.testing.SharedInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The consumer side, fed with records produced straight onto the broker: a producer service's store
 * ({@code producer}) makes real events, a consumer service's database ({@code consumer}) records effects.
 */
class ConsumerRunnerTest {

    private final KafkaBroker broker = SharedInfrastructure.kafka();
    private final EventingFixture producer = new EventingFixture();
    private final EventingFixture consumer = new EventingFixture();
    private KafkaProducer<String, byte[]> kafka;

    /** The consumer's effect: one row per handled event, with no unique key, so a double effect shows. */
    private final EventHandler recordEffect = (c, e) -> {
        try (PreparedStatement s = c.prepareStatement("insert into effects (event_id, stream_id, version) values (?, ?, ?)")) {
            s.setObject(1, e.envelope().eventId());
            s.setString(2, e.envelope().streamId());
            s.setLong(3, e.envelope().streamVersion());
            s.executeUpdate();
        }
    };

    @BeforeEach
    void setUp() {
        consumer.sql("create table effects (event_id uuid not null, stream_id text not null, version bigint not null)");
        broker.createTopics(List.of(producer.topic), 3);
        kafka = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void tearDown() {
        kafka.close();
    }

    private ConsumerRunner runner(String name, EventHandler handler) {
        return runner(name, handler, ConsumerSettings.of(name, List.of()).commitInterval());
    }

    private ConsumerRunner runner(String name, EventHandler handler, Duration commitInterval) {
        return new ConsumerRunner(ConsumerSettings.of(name, List.of(producer.topic)).withRetries(3, Duration.ofMillis(50))
                .withCommitInterval(commitInterval),
                EventingFixture.kafka(broker), consumer.tx, EventCatalogue.standard(), handler, Clock.systemUTC());
    }

    private List<EventEnvelope> makeEvents(String stream, int n) {
        for (int i = 0; i < n; i++) {
            producer.appendNext(stream, "event " + i);
        }
        List<StoredEvent> stored = producer.tx.inTransaction(c -> producer.store.readStream(c, stream));
        return stored.stream().map(StoredEvent::envelope).toList();
    }

    private void send(EventEnvelope e) throws Exception {
        kafka.send(CloudEventsMapping.toProducerRecord(producer.topic, e)).get();
    }

    @Test
    void aRedeliveredRecordChangesNothing() throws Exception {
        List<EventEnvelope> events = makeEvents("redelivered", 5);
        for (EventEnvelope e : events) {
            send(e);
        }
        // the broker hands out the same events again (a producer retry, a relay crash before marking)
        for (EventEnvelope e : events) {
            send(e);
        }
        try (ConsumerRunner runner = runner("effects-a", recordEffect)) {
            runner.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> runner.status().processed() + runner.status().duplicates() == 10);
            assertThat(runner.status().processed()).isEqualTo(5);
            assertThat(runner.status().duplicates()).isEqualTo(5);
        }
        assertThat(consumer.count("select count(*) from effects")).isEqualTo(5);
        assertThat(consumer.count("select count(distinct event_id) from effects")).isEqualTo(5);

    }

    @Test
    void anAbortedTransactionIsNeverHandledAndACaughtUpGroupCommitsPastTheMarkers() throws Exception {
        List<EventEnvelope> events = makeEvents("transactional", 4);
        try (KafkaProducer<String, byte[]> tx = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(), ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-" + producer.topic),
                new StringSerializer(), new ByteArraySerializer())) {
            tx.initTransactions();
            tx.beginTransaction(); // as a relay whose send failed midway: aborted, then the batch goes again
            tx.send(CloudEventsMapping.toProducerRecord(producer.topic, events.get(0)));
            tx.send(CloudEventsMapping.toProducerRecord(producer.topic, events.get(2)));
            tx.flush();
            tx.abortTransaction();
            tx.beginTransaction();
            events.forEach(e -> tx.send(CloudEventsMapping.toProducerRecord(producer.topic, e)));
            tx.commitTransaction();
        }
        try (ConsumerRunner runner = runner("effects-tx", recordEffect)) {
            runner.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> runner.status().processed() == 4 && runner.status().lag() == 0);
            // the committed offsets are the group's position: past the commit marker, at the end of the partition
            await().atMost(Duration.ofSeconds(10)).until(() -> groupLag("effects-tx") == 0);
            assertThat(runner.status().duplicates()).isZero(); // the aborted records never came
        }
        assertThat(consumer.count("select count(*) from effects")).isEqualTo(4);
        assertThat(consumer.count("select count(distinct version) from effects")).isEqualTo(4);
    }

    @Test
    void positionsAreCommittedOncePerIntervalNotAfterEveryPollAndAtOnceWhenTheRunnerStops() throws Exception {
        for (EventEnvelope e : makeEvents("commit-interval", 6)) {
            send(e);
        }
        try (ConsumerRunner runner = runner("effects-ci", recordEffect, Duration.ofHours(1))) {
            runner.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> runner.status().processed() == 6 && runner.status().lag() == 0);
            // a few more polls, each of which would have committed the handled positions
            java.time.Instant handledBy = runner.status().lastPollAt();
            await().atMost(Duration.ofSeconds(10)).until(() -> runner.status().lastPollAt().isAfter(handledBy.plusMillis(1_000)));
            assertThat(committedOffsets("effects-ci")).as("nothing committed within the interval").isEmpty();
        }
        assertThat(groupLag("effects-ci")).as("the stop commits what was handled").isZero();
    }

    @Test
    void partitionsGivenUpInARebalanceAreCommittedSoTheirNextOwnerReadsNothingAgain() throws Exception {
        for (EventEnvelope e : makeEvents("rebalanced-a", 6)) {
            send(e);
        }
        try (ConsumerRunner first = runner("effects-rb", recordEffect, Duration.ofHours(1))) {
            first.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> first.status().processed() == 6 && first.status().lag() == 0);
            try (ConsumerRunner second = runner("effects-rb", recordEffect, Duration.ofHours(1))) {
                second.start();
                // the second joins: the first gives its partitions up, with their positions committed
                await().atMost(Duration.ofSeconds(30)).until(() -> second.status().lag() == 0 && first.status().lag() == 0);
                for (EventEnvelope e : makeEvents("rebalanced-b", 6)) {
                    send(e);
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> first.status().processed() + second.status().processed() == 12);
                assertThat(first.status().duplicates() + second.status().duplicates()).as("records read again").isZero();
            }
        }
        assertThat(consumer.count("select count(*) from effects")).isEqualTo(12);
        assertThat(groupLag("effects-rb")).isZero();
    }

    private Map<TopicPartition, OffsetAndMetadata> committedOffsets(String group) throws Exception {
        try (Admin admin = KafkaBroker.admin(broker.bootstrapServers())) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        }
    }

    /** Records between the group's committed offsets and the end of each partition, as the broker reports them. */
    private long groupLag(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets(group);
        try (Admin admin = KafkaBroker.admin(broker.bootstrapServers())) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            long lag = 0;
            for (var c : committed.entrySet()) {
                lag += ends.get(c.getKey()).offset() - c.getValue().offset();
            }
            return committed.size() == 3 ? lag : -1;
        }
    }

    @Test
    void aConsumerWhoseOffsetsAreLostSkipsEverythingItHandledBefore() throws Exception {
        List<EventEnvelope> events = makeEvents("lost-offsets", 6);
        for (EventEnvelope e : events) {
            send(e);
        }
        try (ConsumerRunner runner = runner("effects-b", recordEffect)) {
            runner.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> runner.status().processed() == 6);
        }
        // the group's committed offsets vanish: the next consumer reads everything again from the start
        try (var admin = broker.admin()) {
            admin.deleteConsumerGroups(List.of("effects-b")).all().get();
        }
        try (ConsumerRunner runner = runner("effects-b", recordEffect)) {
            runner.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> runner.status().duplicates() == 6);
            assertThat(runner.status().processed()).isZero();
        }
        assertThat(consumer.count("select count(*) from effects")).isEqualTo(6);
    }

    @Test
    void aRecordThatAlwaysFailsGoesToTheDeadLetterTopicAndTheRestIsProcessed() throws Exception {
        List<EventEnvelope> events = makeEvents("poison", 5);
        EventEnvelope poison = events.get(1);
        for (EventEnvelope e : events) {
            send(e);
        }
        EventHandler failOnPoison = (c, e) -> {
            if (e.envelope().eventId().equals(poison.eventId())) {
                throw new IllegalStateException("cannot handle this one");
            }
            recordEffect.handle(c, e);
        };
        try (ConsumerRunner runner = runner("effects-c", failOnPoison)) {
            runner.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> runner.status().processed() == 4
                    && runner.status().deadLettered() == 1);
            assertThat(runner.status().lastError()).contains("cannot handle this one");
        }
        assertThat(consumer.count("select count(*) from effects")).isEqualTo(4);
        assertThat(consumer.count("select count(*) from effects where event_id = '" + poison.eventId() + "'")).isZero();
        // the failed record's transaction was rolled back entirely: it is not marked processed
        assertThat(consumer.count("select count(*) from processed_messages where event_id = '" + poison.eventId() + "'")).isZero();
        assertThat(consumer.count("select count(*) from dead_letters where event_id = '" + poison.eventId() + "'")).isEqualTo(1);

        List<ConsumerRecord<String, byte[]>> dlq = TopicReader.readAll(broker, Topics.deadLetter(producer.topic), 1,
                Duration.ofSeconds(30));
        assertThat(dlq).hasSize(1);
        ConsumerRecord<String, byte[]> dead = dlq.get(0);
        assertThat(CloudEventsMapping.envelopeOf(dead)).isEqualTo(poison); // the original record, intact
        assertThat(header(dead, "sidan_error_consumer")).isEqualTo("effects-c");
        assertThat(header(dead, "sidan_error_class")).isEqualTo(IllegalStateException.class.getName());
        assertThat(header(dead, "sidan_error_message")).contains("cannot handle this one");
        assertThat(header(dead, "sidan_error_original_topic")).isEqualTo(producer.topic);
        assertThat(header(dead, "sidan_error_original_offset")).matches("\\d+");
    }

    @Test
    void aRecordThatIsNotASidanEventGoesToTheDeadLetterTopic() throws Exception {
        kafka.send(new ProducerRecord<>(producer.topic, "junk", "not a cloud event".getBytes(StandardCharsets.UTF_8))).get();
        List<EventEnvelope> events = makeEvents("after-junk", 2);
        for (EventEnvelope e : events) {
            send(e);
        }
        try (ConsumerRunner runner = runner("effects-d", recordEffect)) {
            runner.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> runner.status().processed() == 2
                    && runner.status().deadLettered() == 1);
        }
        List<ConsumerRecord<String, byte[]>> dlq = TopicReader.readAll(broker, Topics.deadLetter(producer.topic), 1,
                Duration.ofSeconds(30));
        assertThat(dlq).hasSize(1);
        assertThat(new String(dlq.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not a cloud event");
        assertThat(header(dlq.get(0), "sidan_error_message")).contains("not a CloudEvent");
    }

    @Test
    void aHandlerThatFailsOnceIsRetriedAndSucceeds() throws Exception {
        List<EventEnvelope> events = makeEvents("flaky", 3);
        for (EventEnvelope e : events) {
            send(e);
        }
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        EventHandler flaky = (c, e) -> {
            recordEffect.handle(c, e); // written, then rolled back by the failure below
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("database hiccup");
            }
        };
        try (ConsumerRunner runner = runner("effects-e", flaky)) {
            runner.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> runner.status().processed() == 3);
            assertThat(runner.status().deadLettered()).isZero();
            assertThat(runner.status().retried()).isBetween(1L, 3L); // the failed batch's records, handled again
            assertThat(runner.status().delaySeconds()).isBetween(0.0, 60.0);
        }
        assertThat(consumer.count("select count(*) from effects")).isEqualTo(3);
    }

    @Test
    void replayFromTheBeginningHandsEveryEventToTheHandlerAgain() throws Exception {
        List<EventEnvelope> events = makeEvents("replayed", 4);
        for (EventEnvelope e : events) {
            send(e);
        }
        try (ConsumerRunner runner = runner("effects-f", recordEffect)) {
            runner.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> runner.status().processed() == 4);
            consumer.sql("delete from effects"); // the projection was reset for a rebuild
            runner.replayFromBeginning();
            await().atMost(Duration.ofSeconds(30)).until(() -> runner.status().processed() == 8);
        }
        assertThat(consumer.count("select count(*) from effects")).isEqualTo(4);
    }

    @Test
    void aReplayIsRefusedWhileAnotherInstanceConsumesTheGroup() throws Exception {
        List<EventEnvelope> events = makeEvents("replayed-two", 6);
        for (EventEnvelope e : events) {
            send(e);
        }
        try (ConsumerRunner one = runner("effects-g", recordEffect)) {
            one.start();
            try (ConsumerRunner two = runner("effects-g", recordEffect)) {
                two.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> one.status().processed() + two.status().processed() == 6);
                // a replay would rewind only one instance's partitions while forgetting every processed event
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThatThrownBy(one::replayFromBeginning)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("1 other instance(s) consume the group effects-g"));
            }
            // alone in its group (after the rebalance) the replay goes ahead and reads all partitions again
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                consumer.sql("delete from effects");
                one.replayFromBeginning();
                return true;
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> consumer.count("select count(*) from effects") == 6);
        }
    }

    @Test
    void recordsOfTypesTheSubscriptionDoesNotWantAreNeitherDecodedNorRecorded() throws Exception {
        List<EventEnvelope> cancels = makeEvents("typed", 3); // request.cancelled
        producer.tx.inTransaction(c -> producer.store.append(c, "typed", 3,
                List.of(new io.sidan.contracts.events.RequestEvent.Reopened("typed", "again", 1)),
                io.sidan.eventing.store.EventMetadata.by(EventingFixture.TESTER)));
        List<StoredEvent> all = producer.tx.inTransaction(c -> producer.store.readStream(c, "typed"));
        for (StoredEvent e : all) {
            send(e.envelope());
        }
        ConsumerSettings onlyReopens = ConsumerSettings.of("effects-h", List.of(producer.topic)).withTypes(java.util.Set.of("request.reopened"));
        try (ConsumerRunner runner = new ConsumerRunner(onlyReopens, EventingFixture.kafka(broker), consumer.tx,
                EventCatalogue.standard(), recordEffect, Clock.systemUTC())) {
            runner.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> runner.status().processed() == 1 && runner.status().lag() == 0);
        }
        assertThat(cancels).hasSize(3);
        assertThat(consumer.count("select count(*) from effects")).isEqualTo(1);
        assertThat(consumer.count("select version from effects")).isEqualTo(4);
        assertThat(consumer.count("select count(*) from processed_messages where consumer = 'effects-h'")).isEqualTo(1);
    }

    @Test
    void aPoisonRecordInABatchHoldsBackNoneOfTheOthers() throws Exception {
        List<EventEnvelope> events = makeEvents("poisoned", 6);
        for (EventEnvelope e : events) {
            send(e);
        }
        EventHandler poisonAtVersion4 = (c, e) -> {
            recordEffect.handle(c, e);
            if (e.envelope().streamVersion() == 4) {
                throw new IllegalStateException("cannot handle version 4");
            }
        };
        try (ConsumerRunner runner = runner("effects-i", poisonAtVersion4)) {
            runner.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> runner.status().processed() == 5 && runner.status().deadLettered() == 1);
        }
        // the five good ones once each, the bad one rolled back and on the dead-letter topic
        assertThat(consumer.count("select count(*) from effects")).isEqualTo(5);
        assertThat(consumer.count("select count(*) from effects where version = 4")).isZero();
        assertThat(consumer.count("select count(*) from dead_letters where consumer = 'effects-i'")).isEqualTo(1);
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
