package io.sidan.testing;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka broker in this JVM, in combined KRaft mode (broker and controller): a single node, or
 * one node of a cluster whose other nodes run elsewhere ({@link #main}: one node per process, so a test
 * can kill one with SIGKILL). It can be stopped and started again on the same port and data, so tests
 * can take the broker away and give it back.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final String CLUSTER_ID = "c2lkYW4tdGVzdC1jbHVzdA";

    private final Path dataDir;
    private final int nodeId;
    private final int port;
    private final int controllerPort;
    private final String voters;
    private final int partitions;
    private final int replication;
    private KafkaRaftServer server;

    private KafkaBroker(Path dataDir, int nodeId, int port, int controllerPort, String voters, int partitions, int replication) {
        this.dataDir = dataDir;
        this.nodeId = nodeId;
        this.port = port;
        this.controllerPort = controllerPort;
        this.voters = voters;
        this.partitions = partitions;
        this.replication = replication;
    }

    /** Starts a broker on free ports with its data in a new temporary folder. */
    public static KafkaBroker startTemporary() {
        try {
            return start(Files.createTempDirectory("sidan-kafka"), freePort(), freePort(), 3);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the Kafka data folder", e);
        }
    }

    /** Starts a broker on the given ports; formats the data folder the first time. */
    public static KafkaBroker start(Path dataDir, int port, int controllerPort, int defaultPartitions) {
        KafkaBroker broker = new KafkaBroker(dataDir, 1, port, controllerPort, "1@localhost:" + controllerPort, defaultPartitions, 1);
        broker.start();
        return broker;
    }

    /**
     * One node of a cluster, in this JVM until the process ends:
     * {@code KafkaBroker <data dir> <node id> <port> <controller port> <voters> <partitions> <replication factor>},
     * voters as Kafka writes them ({@code 1@localhost:9093,2@localhost:9095,…}). With a replication factor
     * of 3, writes need two in-sync replicas ({@code min.insync.replicas=2}).
     */
    public static void main(String[] args) throws InterruptedException {
        KafkaBroker node = new KafkaBroker(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]), args[4], Integer.parseInt(args[5]), Integer.parseInt(args[6]));
        node.format();
        KafkaRaftServer s = new KafkaRaftServer(KafkaConfig.fromProps(node.properties(), false), Time.SYSTEM);
        s.startup();
        System.out.println("kafka node " + args[1] + " started on localhost:" + args[2]);
        s.awaitShutdown();
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        KafkaConfig config = KafkaConfig.fromProps(properties(), false);
        format();
        KafkaRaftServer s = new KafkaRaftServer(config, Time.SYSTEM);
        s.startup();
        server = s;
        awaitReady();
    }

    /** Stops the broker; its data stays, and {@link #start()} brings it back on the same port. */
    /** Formats the data folder the first time (the same cluster id on every node). */
    private void format() {
        try {
            if (!Files.exists(dataDir.resolve("meta.properties"))) {
                Files.createDirectories(dataDir);
                new Formatter()
                        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                        .setClusterId(CLUSTER_ID)
                        .setNodeId(nodeId)
                        .setDirectories(List.of(dataDir.toString()))
                        .setMetadataLogDirectory(dataDir.toString())
                        .setControllerListenerName("CONTROLLER")
                        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                        .run();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the Kafka data folder " + dataDir, e);
        }
    }

    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    public void createTopics(Collection<String> topics, int partitionCount) {
        createTopics(bootstrapServers(), topics, partitionCount);
    }

    /** Creates topics (one replica each) on the broker at these addresses; ones that exist are left as they are. */
    public static void createTopics(String bootstrapServers, Collection<String> topics, int partitionCount) {
        try (Admin admin = admin(bootstrapServers)) {
            List<NewTopic> newTopics = topics.stream()
                    .map(t -> new NewTopic(t, partitionCount, (short) 1))
                    .toList();
            admin.createTopics(newTopics).values().forEach((name, future) -> {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + name, e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    public Admin admin() {
        return admin(bootstrapServers());
    }

    /** An admin client for brokers at these bootstrap servers (one broker, or every node of a cluster). */
    public static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000));
    }

    @Override
    public void close() {
        stop();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + 60_000_000_000L;
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try (Admin admin = admin()) {
                admin.describeCluster().nodes().get();
                return;
            } catch (Exception e) {
                last = new IllegalStateException("Kafka broker not ready", e);
                sleep(100);
            }
        }
        throw last != null ? last : new IllegalStateException("Kafka broker not ready");
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(nodeId));
        p.put("controller.quorum.voters", voters);
        p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        p.put("num.partitions", String.valueOf(partitions));
        String rf = String.valueOf(replication);
        String minIsr = replication > 1 ? "2" : "1";
        p.put("default.replication.factor", rf);
        p.put("min.insync.replicas", minIsr);
        p.put("offsets.topic.replication.factor", rf);
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", rf);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", "3");
        p.put("share.coordinator.state.topic.replication.factor", rf);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        p.put("log.retention.ms", "-1");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        p.put("log.cleaner.threads", "1");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        return p;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
