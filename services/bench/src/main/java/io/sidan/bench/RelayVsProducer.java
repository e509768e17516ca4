package io.sidan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.sidan.contracts.envelope.Actor;
import io.sidan.contracts.envelope.EventCatalogue;
import io.sidan.contracts.events.RequestEvent;
import io.sidan.eventing.EventingSchema;
import io.sidan.eventing.outbox.OutboxRelay;
import io.sidan.eventing.outbox.RelaySettings;
import io.sidan.eventing.store.EventMetadata;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.tx.JdbcTransactions;
import io.sidan.testing.KafkaBroker;

/**
 * The outbox relay (the services' own code) draining a backlog of stored events to Kafka, next to
 * Kafka's ProducerPerformance sending the same number of records of the same size with the same
 * producer settings (idempotent, acks=all, linger 2 ms, lz4; the relay adds a transaction per batch) to the same broker.
 */
final class RelayVsProducer {

    /** The relay's rate by batch size (the services' default first), and the raw producer's. */
    record Result(long events, int recordBytes, LinkedHashMap<Integer, Double> relayByBatch, double producerPerSecond,
                  String producerLine) {
        double relayPerSecond() {
            return relayByBatch.values().iterator().next();
        }
    }

    private static final Actor BENCH = new Actor("system", "bench", "bench");

    private RelayVsProducer() {
    }

    static Result measure(DataSource ds, String bootstrapServers, int events, List<Integer> batchSizes, Path workDir) throws Exception {
        EventingSchema.migrate(ds);
        String topic = "bench.relay";
        String producerTopic = "bench.producer";
        KafkaBroker.createTopics(bootstrapServers, List.of(topic, producerTopic), 6);
        EventStore store = new EventStore("bench", EventCatalogue.standard(), e -> topic, Clock.systemUTC());
        JdbcTransactions tx = new JdbcTransactions(ds);
        String reason = "居民已自行解决，撤回诉求。".repeat(8);
        for (int done = 0; done < events; done += 1000) {
            int batch = Math.min(1000, events - done);
            tx.inTransaction(c -> {
                for (int i = 0; i < batch; i++) {
                    String stream = UUID.randomUUID().toString();
                    store.append(c, stream, 0, List.of(new RequestEvent.Cancelled(stream, reason)), EventMetadata.by(BENCH));
                }
                return null;
            });
        }
        int recordBytes = (int) query(ds, "select avg(octet_length(payload::text))::bigint from event_store");

        // an untimed drain first: the relay's code compiled and the freshly loaded tables read once, so the
        // first measured batch size does not pay for that
        drain(store, ds, bootstrapServers, batchSizes.get(0), "bench-warm-up");
        LinkedHashMap<Integer, Double> relayByBatch = new LinkedHashMap<>();
        for (int batchSize : batchSizes) {
            Duration took = drain(store, ds, bootstrapServers, batchSize, "bench-" + batchSize);
            relayByBatch.put(batchSize, events / (took.toNanos() / 1e9));
        }

        String line = producerPerformance(bootstrapServers, producerTopic, events, recordBytes, workDir);
        Matcher m = Pattern.compile("([\\d.]+) records/sec").matcher(line);
        double producerRate = m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
        return new Result(events, recordBytes, relayByBatch, producerRate, line.trim());
    }

    /** Puts every stored event back in the outbox and lets a relay with this batch size publish them all. */
    private static Duration drain(EventStore store, DataSource ds, String bootstrapServers, int batchSize, String name) throws Exception {
        update(ds, "insert into outbox select global_position from event_store on conflict do nothing");
        OutboxRelay relay = new OutboxRelay(store, ds, Map.of("bootstrap.servers", bootstrapServers),
                new RelaySettings(name, batchSize, Duration.ofMillis(500), Duration.ofSeconds(5)), Clock.systemUTC());
        long started = System.nanoTime();
        relay.start();
        while (query(ds, "select count(*) from outbox") > 0) {
            Thread.sleep(20);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        relay.close();
        return took;
    }

    /** Kafka's own tool in a separate JVM, as its users run it; returns its summary line. */
    private static String producerPerformance(String bootstrapServers, String topic, int records, int recordBytes, Path workDir)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "org.apache.kafka.tools.ProducerPerformance",
                "--topic", topic, "--num-records", String.valueOf(records), "--record-size", String.valueOf(recordBytes),
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrapServers, "acks=all",
                "enable.idempotence=true", "linger.ms=2", "compression.type=lz4", "max.in.flight.requests.per.connection=5"));
        Path log = workDir.resolve("producer-performance.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("ProducerPerformance did not finish; see " + log);
        }
        List<String> lines = Files.readAllLines(log);
        return lines.stream().filter(l -> l.startsWith(records + " records sent")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no summary from ProducerPerformance; see " + log));
    }

    private static void update(DataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    private static long query(DataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

}
