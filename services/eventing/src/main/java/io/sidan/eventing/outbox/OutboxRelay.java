package io.sidan.eventing.outbox;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.sidan.contracts.envelope.CloudEventsMapping;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.store.StoredEvent;
import io.sidan.eventing.trace.EventTracing;
import org.apache.kafka.clients.producer.Producer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes committed events from the event store to Kafka (the transactional outbox).
 *
 * <ul>
 *   <li>One active relay per database: the instance holding a PostgreSQL advisory lock publishes,
 *       the others wait to take over.</li>
 *   <li>Woken by the commit of any transaction that appended, on whichever instance: the outbox table
 *       notifies channel {@value #CHANNEL} and the active relay listens on its lock connection. It
 *       polls only as a fallback. Once woken while appends come often, it lingers
 *       ({@link RelaySettings#lingerAfter}) before it reads, so they share a transaction instead of paying
 *       the broker one each; after a quiet spell a lone append goes at once.</li>
 *   <li>Reads the events listed in the {@code outbox} table in global order (the next batch while the
 *       broker acknowledges the last) and sends each batch as one Kafka transaction (idempotent,
 *       {@code acks=all}, key = stream id; consumers read committed records only). A batch is visible
 *       whole or not at all, so a stream's events reach consumers in version order even when a send
 *       fails midway; the transactional id is the service's, so a new active relay fences an old one
 *       still sending.</li>
 *   <li>Deletes outbox entries only after their transaction committed: in the same statement that
 *       reads the next batch when another append follows within 50 ms (one round trip per batch), else
 *       on their own, on its own lock connection, whose commits need not wait for the disk (a lost
 *       delete only sends an event again).</li>
 *   <li>When sending fails it closes the producer, backs off and starts again with a new one.</li>
 * </ul>
 * Delivery is at least once: a crash between the acknowledgement and the mark sends the same event
 * again with the same id, which idempotent consumers ignore.
 */
public final class OutboxRelay implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(OutboxRelay.class.getName());
    /** The channel the outbox table notifies on every insert (eventing migration V3). */
    public static final String CHANNEL = "sidan_outbox";
    /** While busy publishing, how often to make sure the lock connection (and so the lock) is still there. */
    private static final Duration LOCK_CHECK = Duration.ofSeconds(5);
    /** How long acknowledged entries wait to be taken out with the next read rather than by a statement of their own. */
    private static final Duration UNMARKED_LINGER = Duration.ofMillis(50);

    private final EventStore store;
    private final DataSource dataSource;
    private final Map<String, Object> producerConfig;
    private final RelaySettings settings;
    private final Clock clock;
    private final EventTracing tracing;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private final long lockKey;

    private volatile boolean running;
    private volatile boolean leader;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile Instant lastSuccessAt;
    // the loop's own: when the last batch that went was read (its send began), on the monotonic clock (a test's
    // clock may jump); from then, not from its acknowledgement, so sends come a linger apart, not a linger plus a send
    private long lastSentNanos;
    private boolean sentYet;
    private Thread thread;
    private Producer<String, byte[]> producer;
    private Connection lockConnection;
    private long lockCheckedAt;
    /** Acknowledged by the broker, to be taken out of the outbox with the next read. */
    private List<Long> unmarked = List.of();

    /**
     * @param producerConfig Kafka producer settings (at least {@code bootstrap.servers}); the relay
     *                       forces idempotence, {@code acks=all}, its transactional id and serializers
     */
    public OutboxRelay(EventStore store, DataSource dataSource, Map<String, Object> producerConfig,
                       RelaySettings settings, Clock clock) {
        this(store, dataSource, producerConfig, settings, clock, EventTracing.OFF);
    }

    /** As above, recording a send span per traced event ({@link EventTracing#publishing}). */
    public OutboxRelay(EventStore store, DataSource dataSource, Map<String, Object> producerConfig,
                       RelaySettings settings, Clock clock, EventTracing tracing) {
        this.store = store;
        this.tracing = tracing;
        this.dataSource = dataSource;
        this.settings = settings;
        this.clock = clock;
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        config.putAll(producerConfig);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, settings.name() + "-relay");
        // one id per service, like the lock: a new active relay fences the old one's producer
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sidan-outbox-relay:" + settings.name());
        config.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 30_000);
        this.producerConfig = Map.copyOf(config);
        // not LockKeys: this key is what every version so far takes, so old and new instances exclude each other in a rollout
        this.lockKey = ("sidan-outbox-relay:" + settings.name()).hashCode();
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name(settings.name() + "-outbox-relay").daemon(true).start(this::loop);
    }

    public RelayStatus status() {
        return new RelayStatus(running && thread != null && thread.isAlive(), leader, published.get(), transactions.get(),
                lastError, lastErrorAt, lastSuccessAt);
    }

    /** The unpublished events right now, read from the store. */
    public OutboxBacklog backlog() throws SQLException {
        try (Connection c = dataSource.getConnection();
             // the oldest entry's event looked up by position: a join would walk the whole store
             PreparedStatement s = c.prepareStatement("select (select count(*) from outbox), (select occurred_at from event_store "
                     + "where global_position = (select min(global_position) from outbox))");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            OffsetDateTime oldest = rs.getObject(2, OffsetDateTime.class);
            Duration age = oldest == null ? Duration.ZERO : Duration.between(oldest.toInstant(), clock.instant());
            return new OutboxBacklog(rs.getLong(1), age.isNegative() ? Duration.ZERO : age);
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        if (t != null) {
            try {
                t.join(20_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        Duration backoff = Duration.ofMillis(100);
        try {
            while (running) {
                try {
                    if (!holdLeadership()) {
                        sleep(settings.pollInterval().multipliedBy(4));
                        continue;
                    }
                    publishBatches();
                    lastSuccessAt = clock.instant();
                    backoff = Duration.ofMillis(100);
                    // under a steady trickle the next append comes within moments: its read takes the
                    // acknowledged entries out too; only when none comes are they deleted on their own
                    boolean woken = awaitNotification(UNMARKED_LINGER);
                    if (!woken) {
                        markUnmarked();
                        woken = awaitNotification(settings.pollInterval());
                    }
                    if (woken) { // while appends come often, those of the next moments join this one in a transaction
                        sleep(settings.lingerAfter(sentYet ? Duration.ofNanos(System.nanoTime() - lastSentNanos) : null));
                    }
                } catch (Exception e) {
                    if (e instanceof SQLException) {
                        releaseLeadership(); // its connection may be gone, and the lock with it
                    } else if (e instanceof ProducerFencedException) {
                        releaseLeadership(); // another instance took the lock and publishes now
                    }
                    lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
                    lastErrorAt = clock.instant();
                    LOG.log(Level.WARNING, settings.name() + " outbox relay: " + lastError + "; retrying in " + backoff.toMillis() + " ms");
                    closeProducer();
                    sleep(backoff);
                    backoff = min(backoff.multipliedBy(2), settings.maxBackoff());
                }
            }
        } finally {
            try {
                if (lockConnection != null) {
                    markUnmarked(); // a clean stop leaves nothing to send again
                }
            } catch (SQLException e) {
                LOG.log(Level.DEBUG, settings.name() + " outbox relay: acknowledged entries left to be sent again: " + e.getMessage());
            }
            closeProducer();
            releaseLeadership();
        }
    }

    /**
     * Sends batches while they come full, then returns how many events went. Each batch is one Kafka
     * transaction: all of it becomes visible to consumers or none of it, so a send that failed can never
     * leave a later event of its stream on the topic before it. The next batch is read while the broker
     * acknowledges the one before (its entries passed over), but sent only once that one committed.
     */
    private int publishBatches() throws Exception {
        long readAt = System.nanoTime();
        List<StoredEvent> batch = store.takePublishedAndReadNext(lockConnection, unmarked, settings.batchSize());
        unmarked = List.of();
        int sent = 0;
        while (!batch.isEmpty()) {
            if (producer == null) {
                Producer<String, byte[]> fresh = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
                try {
                    // fences any earlier relay of this service (a lost leader still sending) and aborts its open transaction
                    fresh.initTransactions();
                } catch (RuntimeException e) {
                    fresh.close(Duration.ZERO);
                    throw e;
                }
                producer = fresh;
            }
            EventTracing.Publishing spans = tracing.publishing(batch);
            List<StoredEvent> next = List.of();
            List<Long> inFlight = new ArrayList<>(batch.size());
            long nextReadAt = readAt;
            try {
                producer.beginTransaction();
                for (StoredEvent p : batch) {
                    producer.send(CloudEventsMapping.toProducerRecord(p.topic(), p.envelope(), p.trace()));
                    inFlight.add(p.globalPosition());
                }
                // a full batch means more may be waiting: read it now, while these are on their way
                if (batch.size() == settings.batchSize()) {
                    nextReadAt = System.nanoTime();
                    next = store.takePublishedAndReadNext(lockConnection, unmarked, inFlight, settings.batchSize());
                    unmarked = List.of();
                }
                // returns once every send was acknowledged and the transaction committed; throws if any send failed
                // (the transaction is then aborted: the whole batch stays in the outbox and goes again)
                producer.commitTransaction();
            } catch (Exception e) {
                spans.failed(e, clock.instant());
                throw e;
            }
            spans.acknowledged(clock.instant());
            published.addAndGet(batch.size());
            transactions.incrementAndGet();
            if (!unmarked.isEmpty()) { // the batch before, when no read of a next batch took it out
                inFlight.addAll(0, unmarked);
            }
            unmarked = inFlight;
            sent += batch.size();
            lastSuccessAt = clock.instant();
            lastSentNanos = readAt;
            sentYet = true;
            readAt = nextReadAt;
            batch = next;
        }
        return sent;
    }

    private void markUnmarked() throws SQLException {
        if (!unmarked.isEmpty()) {
            store.markPublished(lockConnection, unmarked);
            unmarked = List.of();
        }
    }

    /**
     * Takes or keeps the advisory lock on a dedicated connection, which also listens for the outbox's
     * notifications; true while this relay may publish. A lost connection (database restart) shows when
     * waiting on it, and while busy at most every {@link #LOCK_CHECK}.
     */
    private boolean holdLeadership() {
        try {
            if (lockConnection != null) {
                if (System.nanoTime() - lockCheckedAt < LOCK_CHECK.toNanos()) {
                    return true;
                }
                if (lockConnection.isValid(2)) {
                    lockCheckedAt = System.nanoTime();
                    return true;
                }
            }
            releaseLeadership();
            Connection c = dataSource.getConnection();
            c.setAutoCommit(true);
            try (PreparedStatement s = c.prepareStatement("select pg_try_advisory_lock(?)")) {
                s.setLong(1, lockKey);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        try (var session = c.createStatement()) {
                            session.execute("listen " + CHANNEL);
                            // this connection only deletes acknowledged outbox entries: replayable, never an append
                            session.execute("set synchronous_commit = off");
                        }
                        lockConnection = c;
                        lockCheckedAt = System.nanoTime();
                        leader = true;
                        LOG.log(Level.INFO, settings.name() + " outbox relay is the active relay");
                        return true;
                    }
                }
            }
            c.close();
            return false;
        } catch (SQLException e) {
            releaseLeadership();
            lastError = "database: " + e.getMessage();
            lastErrorAt = clock.instant();
            return false;
        }
    }

    /** Waits until a transaction that appended commits (on any instance), or at most {@code max}; true when one did. */
    private boolean awaitNotification(Duration max) throws SQLException {
        try {
            PGConnection pg = lockConnection.unwrap(PGConnection.class);
            // in short slices, so close() is not kept waiting; returns at once if one came while busy
            long until = System.nanoTime() + max.toNanos();
            while (running && System.nanoTime() < until) {
                long left = (until - System.nanoTime()) / 1_000_000;
                PGNotification[] got = pg.getNotifications((int) Math.max(1, Math.min(200, left)));
                if (got != null && got.length > 0) {
                    return true;
                }
            }
            return false;
        } catch (SQLException e) {
            releaseLeadership(); // the lock went with the connection; take it again if nobody else did
            throw e;
        }
    }

    private void releaseLeadership() {
        leader = false;
        unmarked = List.of(); // sent again by whoever publishes next: consumers skip what they processed
        if (lockConnection != null) {
            // a pooled connection outlives this use: leave its session as an application transaction expects it
            try (var session = lockConnection.createStatement()) {
                session.execute("select pg_advisory_unlock(" + lockKey + ")");
                session.execute("unlisten *");
                session.execute("reset synchronous_commit");
            } catch (SQLException ignored) {
                // a broken connection: the pool throws it away, and its session (and lock) end with it
            }
            try {
                lockConnection.close();
            } catch (SQLException ignored) {
                // the connection is gone anyway
            }
            lockConnection = null;
        }
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(1));
            } catch (RuntimeException ignored) {
                // a broken producer is thrown away either way
            }
            producer = null;
        }
    }

    /** Waits without being woken by commits: only {@link #close()} cuts it short. */
    private void sleep(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        while (running && System.nanoTime() < until) {
            try {
                Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

}
