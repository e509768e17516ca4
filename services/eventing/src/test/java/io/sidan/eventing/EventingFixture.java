package io.sidan.eventing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import io.sidan.contracts.envelope.Actor;
import io.sidan.contracts.envelope.EventCatalogue;
import io.sidan.contracts.events.RequestEvent;
import io.sidan.contracts.events.SidanEvent;
import io.sidan.eventing.store.AppendResult;
import io.sidan.eventing.store.EventMetadata;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.trace.EventTracing;
import io.sidan.eventing.tx.JdbcTransactions;
import io.sidan.testing.KafkaBroker;
import io.sidan.testing.Postgres;
import io.sidan.testing.SharedInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * A fresh database with the eventing schema on the shared PostgreSQL, and a store whose events go to
 * a topic of this fixture's own, so tests sharing the broker do not see each other's records.
 */
final class EventingFixture {

    static final Actor TESTER = new Actor("dispatcher", "tester-1", "测试员");

    final String topic;
    final DataSource dataSource;
    final JdbcTransactions tx;
    final EventStore store;

    EventingFixture() {
        this(EventTracing.OFF);
    }

    /** A fixture whose store's commands run in spans of {@code tracing}. */
    EventingFixture(EventTracing tracing) {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Postgres pg = SharedInfrastructure.postgres();
        String db = "eventing_" + id;
        pg.createDatabase(db);
        dataSource = pg.dataSource(db);
        EventingSchema.migrate(dataSource);
        topic = "test." + id;
        tx = new JdbcTransactions(dataSource);
        store = new EventStore("test-service", EventCatalogue.standard(), e -> topic, Clock.systemUTC(), tracing);
    }

    static Map<String, Object> kafka(KafkaBroker broker) {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    }

    /** Appends one small event to a stream at its current version. */
    AppendResult appendNext(String streamId, String text) {
        return tx.inTransaction(c -> store.append(c, streamId, store.currentVersion(c, streamId),
                List.of(new RequestEvent.Cancelled(streamId, text)), EventMetadata.by(TESTER)));
    }

    AppendResult append(String streamId, long expected, List<? extends SidanEvent> events) {
        return tx.inTransaction(c -> store.append(c, streamId, expected, events, EventMetadata.by(TESTER)));
    }

    void sql(String statement) {
        tx.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(statement);
            }
            return null;
        });
    }

    long count(String query) {
        return tx.inTransaction(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    List<Long> longs(Connection c, String query) throws Exception {
        List<Long> values = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
        }
        return values;
    }
}
