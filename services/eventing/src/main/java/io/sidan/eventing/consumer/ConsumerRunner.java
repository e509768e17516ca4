package io.sidan.eventing.consumer;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.sidan.contracts.envelope.CloudEventsMapping;
import io.sidan.contracts.envelope.EventCatalogue;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.envelope.UnknownEventException;
import io.sidan.contracts.events.SidanEvent;
import io.sidan.eventing.trace.EventTracing;
import io.sidan.eventing.tx.Transactions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Feeds a topic subscription to an {@link EventHandler}, exactly once in effect.
 *
 * <ul>
 *   <li>A dedicated thread polls; auto-commit is off.</li>
 *   <li>Records of types the subscription does not want are passed over by their CloudEvents type
 *       header, never decoded and never seen by the database.</li>
 *   <li>The wanted records of one poll are handled in one database transaction that first inserts every
 *       {@code (consumer, event_id)} into {@code processed_messages} in one statement; the handler sees
 *       only the events whose row was new (the others were handled before).</li>
 *   <li>If that transaction fails, the records are handled again one by one, each in its own
 *       transaction: a failing record is retried with doubling backoff, and after the last attempt it
 *       goes to {@code <topic>.dlq} with error headers while the others go on. A record that is not a
 *       readable Sidan event goes there at once. Nothing is skipped silently: if even the dead-letter
 *       topic cannot be written, the record is read again later.</li>
 *   <li>Offsets are committed after the database commit, without waiting for the broker's answer, and at
 *       most once per {@link ConsumerSettings#commitInterval()} (and at once when partitions are revoked or
 *       the runner stops): a crash before a commit only causes a redelivery, which the processed-messages
 *       rows turn into no-ops.</li>
 * </ul>
 */
public final class ConsumerRunner implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ConsumerRunner.class.getName());

    private final ConsumerSettings settings;
    private final Map<String, Object> consumerConfig;
    private final Inbox inbox;
    private final DeadLetters deadLetters;
    private final Transactions transactions;
    private final EventCatalogue<SidanEvent> catalogue;
    private final EventHandler handler;
    private final Clock clock;
    private final EventTracing tracing;

    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicBoolean replayRequested = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running;
    private volatile long lag = -1;
    private final AtomicLong retried = new AtomicLong();
    private volatile double delaySeconds = Double.NaN;
    /** The offset this runner last committed per partition (poll thread only): unchanged ones are not committed again. */
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    /** Positions handled but not committed yet (poll thread only). */
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private long lastCommitNanos;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile Instant lastPollAt;
    /** This runner's member id in its group (read on the polling thread: the consumer is not thread-safe). */
    private volatile String memberId = "";
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    /**
     * @param kafkaConfig at least {@code bootstrap.servers}; the runner sets the group id, manual
     *                    commits and its deserializers
     */
    public ConsumerRunner(ConsumerSettings settings, Map<String, Object> kafkaConfig, Transactions transactions,
                          EventCatalogue<SidanEvent> catalogue, EventHandler handler, Clock clock) {
        this(settings, kafkaConfig, transactions, catalogue, handler, clock, EventTracing.OFF);
    }

    /** As above, handling each event in a process span of its trace ({@link EventTracing#processing}). */
    public ConsumerRunner(ConsumerSettings settings, Map<String, Object> kafkaConfig, Transactions transactions,
                          EventCatalogue<SidanEvent> catalogue, EventHandler handler, Clock clock, EventTracing tracing) {
        this.settings = settings;
        this.tracing = tracing;
        this.transactions = transactions;
        this.catalogue = catalogue;
        this.handler = handler;
        this.clock = clock;
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        c.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        c.putAll(kafkaConfig);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, settings.name());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // the relays publish in transactions: an aborted batch (its events are sent again) is never read
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, settings.name());
        this.consumerConfig = Map.copyOf(c);
        this.inbox = new Inbox(settings.name());
        this.deadLetters = new DeadLetters(settings.name(), kafkaConfig.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG),
                transactions, clock, this::recordError);
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name(settings.name() + "-consumer").daemon(true).start(this::loop);
    }

    public String name() {
        return settings.name();
    }

    public ConsumerStatus status() {
        return new ConsumerStatus(settings.name(), running && thread != null && thread.isAlive(), lag, processed.get(),
                duplicates.get(), deadLettered.get(), retried.get(), delaySeconds, lastError, lastErrorAt, lastPollAt);
    }

    /**
     * Reads the subscription again from the beginning of every partition, forgetting which events were
     * processed (for rebuilding projections fed by other services; reset those projections first).
     *
     * <p>Only while this runner is the one member of its consumer group: a replay rewinds the partitions
     * this runner holds, so with other instances consuming, their partitions would not be read again
     * while their processed-message rows were gone.
     *
     * @throws IllegalStateException when other instances consume the group (stop them first), or the
     *                               broker cannot tell
     */
    public void replayFromBeginning() {
        int others = otherMembers();
        if (others > 0) {
            throw new IllegalStateException(others + " other instance(s) consume the group " + settings.name()
                    + "; stop them (or scale the service to one instance) before replaying it from the beginning");
        }
        replayRequested.set(true);
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            if (thread != null) {
                stopped.await(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = c;
            lastCommitNanos = System.nanoTime(); // the first commit too waits an interval
            c.subscribe(settings.topics(), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // their next owner starts where this runner got to, not at its last periodic commit
                    commitNow(c, partitions);
                    partitions.forEach(committed::remove);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    // no longer this runner's to commit: another owner may have moved on
                    partitions.forEach(p -> {
                        committed.remove(p);
                        uncommitted.remove(p);
                    });
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    partitions.forEach(committed::remove); // another instance may have committed since
                    LOG.log(Level.DEBUG, settings.name() + " assigned " + partitions);
                }
            });
            while (running) {
                try {
                    if (replayRequested.getAndSet(false)) {
                        restartFromBeginning(c);
                    }
                    ConsumerRecords<String, byte[]> records = c.poll(settings.pollTimeout());
                    lastPollAt = clock.instant();
                    memberId = c.groupMetadata().memberId();
                    handleBatch(c, records);
                    commitWhenDue(c);
                    updateLag(c);
                } catch (WakeupException e) {
                    // close() or replayFromBeginning(): the loop condition decides
                } catch (RuntimeException e) {
                    recordError("poll: " + e.getMessage(), e);
                    pause(Duration.ofSeconds(1));
                }
            }
            commitNow(c, List.copyOf(uncommitted.keySet()));
        } catch (RuntimeException e) {
            recordError("consumer stopped: " + e.getMessage(), e);
        } finally {
            consumer = null;
            running = false;
            deadLetters.close();
            stopped.countDown();
        }
    }

    private void handleBatch(KafkaConsumer<String, byte[]> c, ConsumerRecords<String, byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        List<ConsumerRecord<String, byte[]>> wanted = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            if (settings.wants(typeOf(record))) {
                wanted.add(record);
            }
        }
        Map<TopicPartition, Long> heldBack = new HashMap<>(); // partition -> first offset to read again
        if (!wanted.isEmpty() && !handleTogether(wanted)) {
            handleOneByOne(c, wanted, heldBack);
        }
        for (TopicPartition partition : c.assignment()) {
            // the position, not the last record + 1: it is past the transaction markers read too, so a
            // caught-up group's committed offsets reach the end of the partition
            OptionalLong next = heldBack.containsKey(partition) ? OptionalLong.of(heldBack.get(partition)) : positionOf(c, partition);
            if (next.isEmpty()) {
                continue;
            }
            if (next.getAsLong() == committed.getOrDefault(partition, -1L)) {
                uncommitted.remove(partition);
            } else {
                uncommitted.put(partition, new OffsetAndMetadata(next.getAsLong()));
            }
        }
    }

    /** Commits the handled positions when the last commit is a commit interval old. */
    private void commitWhenDue(KafkaConsumer<String, byte[]> c) {
        if (uncommitted.isEmpty() || System.nanoTime() - lastCommitNanos < settings.commitInterval().toNanos()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> done = Map.copyOf(uncommitted);
        uncommitted.clear();
        done.forEach((partition, offset) -> committed.put(partition, offset.offset()));
        lastCommitNanos = System.nanoTime();
        // the records are in the database already; a lost commit is only a redelivery, a no-op
        c.commitAsync(done, (offsets, e) -> {
            if (e != null) {
                offsets.keySet().forEach(committed::remove); // committed again with the next handled poll
                recordError("offset commit: " + e.getMessage(), e);
            }
        });
    }

    /** Commits the handled positions of these partitions and waits for the broker (on revocation and at the stop). */
    private void commitNow(KafkaConsumer<String, byte[]> c, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        partitions.forEach(p -> {
            OffsetAndMetadata offset = uncommitted.remove(p);
            if (offset != null) {
                done.put(p, offset);
            }
        });
        if (done.isEmpty()) {
            return;
        }
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                c.commitSync(done, Duration.ofSeconds(5));
                done.forEach((partition, offset) -> committed.put(partition, offset.offset()));
                return;
            } catch (WakeupException e) {
                // close() woke the consumer while it was committing: once more, the wake-up is used up
            } catch (RuntimeException e) {
                // the records are handled: the next owner reads them again, as no-ops
                recordError("offset commit: " + e.getMessage(), e);
                return;
            }
        }
    }

    /** Where the next read of the partition starts, if the consumer knows without asking the broker. */
    private static OptionalLong positionOf(KafkaConsumer<String, byte[]> c, TopicPartition partition) {
        try {
            return OptionalLong.of(c.position(partition, Duration.ZERO));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return OptionalLong.empty();
        }
    }

    /** The whole poll in one transaction; false when it failed (and was rolled back) or a record is unreadable. */
    private boolean handleTogether(List<ConsumerRecord<String, byte[]>> records) {
        List<ReceivedEvent> batch = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                EventEnvelope envelope = CloudEventsMapping.envelopeOf(record);
                batch.add(new ReceivedEvent(envelope, catalogue.decode(envelope), record.topic(), record.partition(), record.offset(),
                        CloudEventsMapping.traceOf(record)));
            } catch (UnknownEventException e) {
                return false; // one by one: that one goes to the dead-letter topic, the others are handled
            }
        }
        EventTracing.Traced poll = tracing.batch(settings.name(), batch);
        try {
            int fresh = transactions.inTransaction(conn -> {
                Set<UUID> unseen = inbox.markNew(conn, batch.stream().map(e -> e.envelope().eventId()).toList());
                int handled = 0;
                for (ReceivedEvent event : batch) {
                    if (unseen.remove(event.envelope().eventId())) { // a twin in the same poll is handled once
                        handleTraced(conn, event);
                        handled++;
                    }
                }
                return handled;
            });
            processed.addAndGet(fresh);
            duplicates.addAndGet(batch.size() - fresh);
            handled(batch.getLast().envelope());
            return true;
        } catch (RuntimeException e) {
            poll.failed(e);
            retried.addAndGet(batch.size()); // handled again one by one
            recordError("a batch of " + batch.size() + " failed, handling them one by one: " + Failures.describe(e), e);
            return false;
        } finally {
            poll.close();
        }
    }

    /** Each record in its own transaction, with retries and the dead-letter topic; a partition stops at a record it must read again. */
    private void handleOneByOne(KafkaConsumer<String, byte[]> c, List<ConsumerRecord<String, byte[]>> records,
                                Map<TopicPartition, Long> heldBack) {
        for (ConsumerRecord<String, byte[]> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            if (!running || heldBack.containsKey(partition)) {
                heldBack.putIfAbsent(partition, record.offset());
                continue;
            }
            if (!process(record)) {
                // even the dead-letter topic failed: read this record again on the next poll
                c.seek(partition, record.offset());
                heldBack.put(partition, record.offset());
                pause(Duration.ofSeconds(1));
            }
        }
    }

    private static String typeOf(ConsumerRecord<String, byte[]> record) {
        Header type = record.headers().lastHeader("ce_type");
        return type == null ? "" : new String(type.value(), StandardCharsets.UTF_8);
    }

    /** Handles one record; false when it could neither be handled nor dead-lettered. */
    private boolean process(ConsumerRecord<String, byte[]> record) {
        ReceivedEvent received;
        try {
            EventEnvelope envelope = CloudEventsMapping.envelopeOf(record);
            Optional<SidanEvent> event = catalogue.decode(envelope);
            received = new ReceivedEvent(envelope, event, record.topic(), record.partition(), record.offset(),
                    CloudEventsMapping.traceOf(record));
        } catch (UnknownEventException e) {
            return deadLetter(record, null, e); // retrying cannot fix an unreadable record
        }
        Duration backoff = settings.firstBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                boolean fresh = transactions.inTransaction(conn -> {
                    if (!inbox.markNew(conn, received.envelope().eventId())) {
                        return false;
                    }
                    handleTraced(conn, received);
                    return true;
                });
                (fresh ? processed : duplicates).incrementAndGet();
                handled(received.envelope());
                return true;
            } catch (RuntimeException e) {
                recordError(received.envelope().type() + " " + received.envelope().eventId() + " attempt " + attempt
                        + ": " + Failures.describe(e), e);
                if (attempt >= settings.maxAttempts() || !running) {
                    return running && deadLetter(record, received.envelope(), e);
                }
                pause(backoff);
                backoff = backoff.multipliedBy(2);
                retried.incrementAndGet();
            }
        }
    }

    /** The handler in a process span of the event's own trace; the events it appends are recorded in that span. */
    private void handleTraced(Connection conn, ReceivedEvent event) throws Exception {
        try (EventTracing.Traced span = tracing.processing(settings.name(), event)) {
            try {
                handler.handle(conn, event);
            } catch (Exception e) {
                span.failed(e);
                throw e;
            }
        }
    }

    /** Notes how long the event took from its occurrence to being handled here. */
    private void handled(EventEnvelope newest) {
        delaySeconds = Math.max(0, java.time.Duration.between(newest.occurredAt(), clock.instant()).toMillis() / 1000.0);
    }

    private boolean deadLetter(ConsumerRecord<String, byte[]> record, EventEnvelope envelope, Exception error) {
        if (!deadLetters.send(record, envelope, error)) {
            return false;
        }
        deadLettered.incrementAndGet();
        return true;
    }

    private void restartFromBeginning(KafkaConsumer<String, byte[]> c) {
        if (c.assignment().isEmpty()) {
            replayRequested.set(true); // not assigned yet: try again after the next poll
            return;
        }
        transactions.inTransaction(conn -> {
            inbox.forgetAll(conn);
            return null;
        });
        // every partition of the topics goes back to its beginning, also those a rebalance still in flight
        // will hand this runner later (they resume from the committed offsets)
        List<TopicPartition> all = settings.topics().stream().flatMap(t -> c.partitionsFor(t).stream())
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        Map<TopicPartition, OffsetAndMetadata> beginnings = new HashMap<>();
        c.beginningOffsets(all).forEach((tp, offset) -> beginnings.put(tp, new OffsetAndMetadata(offset)));
        c.commitSync(beginnings, Duration.ofSeconds(10));
        committed.clear();
        uncommitted.clear();
        c.seekToBeginning(c.assignment());
        LOG.log(Level.INFO, settings.name() + " replays " + settings.topics() + " from the beginning");
    }

    /** Members of this runner's consumer group other than this runner, as the broker sees them. */
    private int otherMembers() {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                consumerConfig.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
        try (Admin admin = Admin.create(config)) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(settings.name()))
                    .describedGroups().get(settings.name()).get(10, TimeUnit.SECONDS);
            String me = memberId;
            return (int) group.members().stream().filter(m -> !m.consumerId().equals(me)).count();
        } catch (Exception e) {
            throw new IllegalStateException("cannot tell which instances consume " + settings.name() + ": " + e.getMessage(), e);
        }
    }

    private void updateLag(KafkaConsumer<String, byte[]> c) {
        long total = 0;
        boolean known = !c.assignment().isEmpty();
        for (TopicPartition tp : c.assignment()) {
            OptionalLong l = c.currentLag(tp);
            if (l.isPresent()) {
                total += l.getAsLong();
            } else {
                known = false;
            }
        }
        lag = known ? total : -1;
    }

    private void recordError(String message, Throwable e) {
        lastError = message;
        lastErrorAt = clock.instant();
        LOG.log(Level.WARNING, settings.name() + ": " + message);
        LOG.log(Level.DEBUG, settings.name() + " error detail", e);
    }

    private void pause(Duration d) {
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
}
