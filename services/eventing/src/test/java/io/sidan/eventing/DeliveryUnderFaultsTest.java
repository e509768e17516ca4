package io.sidan.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.sidan.contracts.envelope.CloudEventsMapping;
import io.sidan.contracts.envelope.EventCatalogue;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.eventing.consumer.ConsumerRunner;
import io.sidan.eventing.consumer.ConsumerSettings;
import io.sidan.eventing.consumer.EventHandler;
import io.sidan.eventing.outbox.OutboxRelay;
import io.sidan.eventing.outbox.RelaySettings;
import io.sidan.testing.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole path store → outbox relay → broker → idempotent consumer while things break: the broker
 * goes away and comes back, the relay and the consumer restart. Every event must take effect exactly
 * once, and reach the topic in its stream's order. Uses a broker of its own, since it stops it.
 */
class DeliveryUnderFaultsTest {

    private final KafkaBroker broker = KafkaBroker.startTemporary();
    private final EventingFixture producer = new EventingFixture();
    private final EventingFixture consumer = new EventingFixture();

    private final EventHandler recordEffect = (c, e) -> {
        try (PreparedStatement s = c.prepareStatement("insert into effects (event_id) values (?)")) {
            s.setObject(1, e.envelope().eventId());
            s.executeUpdate();
        }
    };

    @AfterEach
    void stopBroker() {
        broker.stop();
    }

    private OutboxRelay relay() {
        OutboxRelay relay = new OutboxRelay(producer.store, producer.dataSource, EventingFixture.kafka(broker),
                new RelaySettings("faults", 100, Duration.ofMillis(200), Duration.ofSeconds(1)), Clock.systemUTC());
        relay.start();
        return relay;
    }

    private ConsumerRunner consumerRunner() {
        ConsumerRunner runner = new ConsumerRunner(ConsumerSettings.of("faults-consumer", List.of(producer.topic)),
                EventingFixture.kafka(broker), consumer.tx, EventCatalogue.standard(), recordEffect, Clock.systemUTC());
        runner.start();
        return runner;
    }

    private void appendMany(int from, int to, AtomicInteger appended) {
        for (int i = from; i < to; i++) {
            producer.appendNext("stream-" + (i % 20), "event " + i); // must succeed whatever the broker does
            appended.incrementAndGet();
        }
    }

    @Test
    void everyEventTakesEffectExactlyOnceThroughBrokerOutageAndRestarts() throws Exception {
        consumer.sql("create table effects (event_id uuid not null)");
        broker.createTopics(List.of(producer.topic), 3);
        AtomicInteger appended = new AtomicInteger();

        OutboxRelay relay = relay();
        ConsumerRunner runner = consumerRunner();
        appendMany(0, 200, appended);
        await().atMost(Duration.ofSeconds(30)).until(() -> consumer.count("select count(*) from effects") >= 100);

        // the broker goes away; residents keep submitting: every append still commits
        broker.stop();
        appendMany(200, 500, appended);
        assertThat(producer.count("select count(*) from outbox")).isPositive();
        Thread.sleep(2_000); // the relay and the consumer notice and back off

        // the relay restarts while the broker is away, then the broker returns
        relay.close();
        relay = relay();
        broker.start();
        appendMany(500, 600, appended);

        // the consumer restarts in the middle of catching up
        await().atMost(Duration.ofSeconds(60)).until(() -> consumer.count("select count(*) from effects") >= 300);
        runner.close();
        runner = consumerRunner();

        OutboxRelay finalRelay = relay;
        await().atMost(Duration.ofSeconds(90)).until(() -> finalRelay.backlog().count() == 0
                && consumer.count("select count(*) from effects") >= 600);
        Thread.sleep(1_000); // let any redelivery arrive before counting
        try {
            assertThat(appended.get()).isEqualTo(600);
            assertThat(consumer.count("select count(*) from effects")).isEqualTo(600);
            assertThat(consumer.count("select count(distinct event_id) from effects")).isEqualTo(600);
            assertThat(consumer.count("select count(*) from processed_messages")).isEqualTo(600);
            assertThat(runner.status().deadLettered()).isZero();

            // on the topic, each stream's events in version order: the relay reads a batch while the one
            // before is in flight, and a failure sends some again, but none comes before an earlier one
            Map<String, Long> highest = new HashMap<>();
            for (ConsumerRecord<String, byte[]> r : TopicReader.readAll(broker, producer.topic, 600, Duration.ofSeconds(30))) {
                EventEnvelope e = CloudEventsMapping.envelopeOf(r);
                long before = highest.getOrDefault(e.streamId(), 0L);
                assertThat(e.streamVersion()).as("%s version %d after %d", e.streamId(), e.streamVersion(), before)
                        .isLessThanOrEqualTo(before + 1);
                highest.put(e.streamId(), Math.max(before, e.streamVersion()));
            }
            assertThat(highest.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(600);
        } finally {
            runner.close();
            relay.close();
        }
    }
}
