package io.sidan.eventing.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

import io.sidan.contracts.envelope.Actor;
import io.sidan.contracts.envelope.ChainVerification;
import io.sidan.contracts.envelope.EventCatalogue;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.envelope.HashChain;
import io.sidan.contracts.envelope.TraceContext;
import io.sidan.contracts.events.SidanEvent;
import io.sidan.eventing.trace.EventTracing;

/**
 * The append-only event store of one service on PostgreSQL. Every method works on the caller's
 * connection, so an append joins the caller's transaction together with its projections; the rows
 * become visible to the outbox relay (through the {@code outbox} table, filled by the same statement)
 * only when that transaction commits. Rows of the store are never updated.
 *
 * <p>Optimistic concurrency: the primary key {@code (stream_id, version)} lets exactly one writer add
 * a given version; the others get {@link ConcurrencyConflict}.
 */
public final class EventStore {

    /** What every read selects, in this order: {@link #read} reads the columns by position. */
    private static final String COLUMNS = "global_position, stream_id, version, event_id, topic, type, schema_version, "
            + "payload, actor_role, actor_id, actor_name, correlation_id, causation_id, occurred_at, prev_hash, hash, traceparent, tracestate";
    private static final String UNIQUE_VIOLATION = "23505";

    private final String source;
    private final EventCatalogue<SidanEvent> catalogue;
    private final Function<SidanEvent, String> topicOf;
    private final Clock clock;
    private final EventTracing tracing;

    /**
     * @param source    this service's name, the CloudEvents {@code source} of everything it appends
     * @param catalogue the event catalogue (type names, versions, JSON)
     * @param topicOf   the topic each event goes to
     * @param clock     the clock that stamps {@code occurredAt}
     */
    public EventStore(String source, EventCatalogue<SidanEvent> catalogue, Function<SidanEvent, String> topicOf,
                      Clock clock) {
        this(source, catalogue, topicOf, clock, EventTracing.OFF);
    }

    /** As above, with the tracing that commands on its streams run in ({@link #tracing()}). */
    public EventStore(String source, EventCatalogue<SidanEvent> catalogue, Function<SidanEvent, String> topicOf,
                      Clock clock, EventTracing tracing) {
        this.source = source;
        this.catalogue = catalogue;
        this.topicOf = topicOf;
        this.clock = clock;
        this.tracing = tracing;
    }

    /** The service's tracing: the spans commands on these streams run in. */
    public EventTracing tracing() {
        return tracing;
    }

    public String source() {
        return source;
    }

    public EventCatalogue<SidanEvent> catalogue() {
        return catalogue;
    }

    /**
     * Appends events to a stream that must be at {@code expectedVersion} (0 for a new stream).
     *
     * @throws ConcurrencyConflict when the stream is at another version; the caller's transaction
     *                             must then be rolled back
     */
    public AppendResult append(Connection c, String streamId, long expectedVersion, List<? extends SidanEvent> events,
                               EventMetadata metadata) throws SQLException {
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expected version must be >= 0");
        }
        if (events.isEmpty()) {
            return new AppendResult(List.of(), expectedVersion);
        }
        String prevHash = expectedVersion == 0 ? HashChain.GENESIS : hashAt(c, streamId, expectedVersion)
                .orElseThrow(() -> conflict(c, streamId, expectedVersion));
        return append(c, streamId, expectedVersion, prevHash, events, metadata);
    }

    /**
     * Appends events after {@code head}, the stream's newest event as the caller read it in this transaction
     * under the stream's lock: its hash is the chain's next link, so it is not read again.
     *
     * @throws ConcurrencyConflict when the stream has moved past {@code head}
     */
    public AppendResult appendAfter(Connection c, EventEnvelope head, List<? extends SidanEvent> events,
                                    EventMetadata metadata) throws SQLException {
        if (events.isEmpty()) {
            return new AppendResult(List.of(), head.streamVersion());
        }
        return append(c, head.streamId(), head.streamVersion(), head.hash(), events, metadata);
    }

    /**
     * Starts a stream with {@code events} unless it has a first event already (a cause delivered again, say):
     * no lock and no read, the store's key decides. Empty when the stream existed; nothing was written then.
     * A concurrent start of the same stream waits for the other transaction and, if that one commits, finds
     * the stream started.
     */
    public Optional<AppendResult> appendIfNew(Connection c, String streamId, List<? extends SidanEvent> events,
                                              EventMetadata metadata) throws SQLException {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a stream starts with at least one event");
        }
        AppendResult first = append(c, streamId, 0, HashChain.GENESIS, events.subList(0, 1), metadata, true);
        if (first.appended().isEmpty()) {
            return Optional.empty();
        }
        if (events.size() == 1) {
            return Optional.of(first);
        }
        AppendResult rest = appendAfter(c, first.appended().getFirst(), events.subList(1, events.size()), metadata);
        List<EventEnvelope> all = new ArrayList<>(first.appended());
        all.addAll(rest.appended());
        return Optional.of(new AppendResult(List.copyOf(all), rest.newVersion()));
    }

    private AppendResult append(Connection c, String streamId, long expectedVersion, String prevHash,
                                List<? extends SidanEvent> events, EventMetadata metadata) throws SQLException {
        return append(c, streamId, expectedVersion, prevHash, events, metadata, false);
    }

    /** With {@code ifAbsent}, an event whose version the stream has already is not written (nor its outbox entry). */
    private AppendResult append(Connection c, String streamId, long expectedVersion, String prevHash,
                                List<? extends SidanEvent> events, EventMetadata metadata, boolean ifAbsent)
            throws SQLException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // what timestamptz keeps
        Actor actor = metadata.actor();
        List<EventEnvelope> written = new ArrayList<>(events.size());
        TraceContext trace = EventTracing.current(); // the span this append happens in, sent on with the events
        // the event and its outbox entry in one statement
        try (PreparedStatement insert = c.prepareStatement("with appended as (insert into event_store (stream_id, version, "
                + "event_id, topic, type, schema_version, payload, actor_role, actor_id, actor_name, correlation_id, "
                + "causation_id, occurred_at, prev_hash, hash, traceparent, tracestate) "
                + "values (?, ?, ?, ?, ?, ?, ?::json, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + (ifAbsent ? "on conflict (stream_id, version) do nothing " : "")
                + "returning global_position) insert into outbox (global_position) select global_position from appended")) {
            long version = expectedVersion;
            for (SidanEvent event : events) {
                version++;
                EventEnvelope unsigned = new EventEnvelope(UUID.randomUUID(), source, catalogue.typeOf(event),
                        catalogue.versionOf(event), streamId, version, now, actor, metadata.correlationId(),
                        metadata.causationId(), prevHash, null, catalogue.toJson(event));
                String hash = HashChain.hash(unsigned);
                EventEnvelope e = withHash(unsigned, hash);
                insert.setString(1, streamId);
                insert.setLong(2, version);
                insert.setObject(3, e.eventId());
                insert.setString(4, topicOf.apply(event));
                insert.setString(5, e.type());
                insert.setInt(6, e.schemaVersion());
                insert.setString(7, e.payload());
                insert.setString(8, actor.role());
                insert.setString(9, actor.id());
                insert.setString(10, actor.name());
                insert.setString(11, e.correlationId());
                insert.setString(12, e.causationId());
                insert.setObject(13, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                insert.setString(14, prevHash);
                insert.setString(15, hash);
                insert.setString(16, trace == null ? null : trace.traceparent());
                insert.setString(17, trace == null ? null : trace.tracestate());
                insert.addBatch();
                written.add(e);
                prevHash = hash;
            }
            int[] counts = insert.executeBatch();
            if (ifAbsent && counts.length == 1 && counts[0] == 0) {
                return new AppendResult(List.of(), expectedVersion); // the stream has that event already
            }
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                throw new ConcurrencyConflict(streamId, expectedVersion, -1);
            }
            throw e;
        }
        return new AppendResult(List.copyOf(written), expectedVersion + events.size());
    }

    /** An event of a past history: what happened, when, and who did it. */
    public record PastEvent(SidanEvent event, Instant occurredAt, Actor actor) {
    }

    /**
     * A past stream as this store would have written it, event by event: envelopes of this service, versions
     * from 1, hash-chained from the genesis, each with its own time and actor. Nothing is written here; see
     * {@link #importHistory}.
     */
    public List<StoredEvent> seal(String streamId, List<PastEvent> events, String correlationId) {
        return seal(streamId, 0, null, events, correlationId);
    }

    /** As {@link #seal(String, List, String)}, going on from a stream's last event ({@code afterVersion}, its hash). */
    public List<StoredEvent> seal(String streamId, long afterVersion, String afterHash, List<PastEvent> events,
                                  String correlationId) {
        List<StoredEvent> sealed = new ArrayList<>(events.size());
        String prevHash = afterVersion == 0 ? HashChain.GENESIS : afterHash;
        long version = afterVersion;
        for (PastEvent past : events) {
            version++;
            EventEnvelope unsigned = new EventEnvelope(UUID.randomUUID(), source, catalogue.typeOf(past.event()),
                    catalogue.versionOf(past.event()), streamId, version, past.occurredAt().truncatedTo(ChronoUnit.MICROS),
                    past.actor(), correlationId, null, prevHash, null, catalogue.toJson(past.event()));
            String hash = HashChain.hash(unsigned);
            sealed.add(new StoredEvent(0, topicOf.apply(past.event()), withHash(unsigned, hash)));
            prevHash = hash;
        }
        return sealed;
    }

    /**
     * Imports sealed streams ({@link #seal}) of a history from before this store (a migration, or a generated
     * history for the benchmark) with one COPY: nothing goes to the outbox, as
     * the events are not news to publish (a stream may go on from its last event, as {@link #seal(String, long,
     * String, List, String)} sealed it). Returns how many events were written.
     */
    public long importHistory(Connection c, List<StoredEvent> events) throws SQLException {
        List<Object[]> rows = new ArrayList<>(events.size());
        for (StoredEvent stored : events) {
            EventEnvelope e = stored.envelope();
            rows.add(new Object[] {e.streamId(), e.streamVersion(), e.eventId(), stored.topic(), e.type(), e.schemaVersion(),
                    e.payload(), e.actor().role(), e.actor().id(), e.actor().name(), e.correlationId(), e.causationId(),
                    e.occurredAt(), e.prevHash(), e.hash()});
        }
        return CopyIn.rows(c, "event_store", List.of("stream_id", "version", "event_id", "topic", "type", "schema_version",
                "payload", "actor_role", "actor_id", "actor_name", "correlation_id", "causation_id", "occurred_at", "prev_hash",
                "hash"), rows);
    }

    /** The stream's current version, 0 when it has no events. */
    public long currentVersion(Connection c, String streamId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select coalesce(max(version), 0) from event_store where stream_id = ?")) {
            s.setString(1, streamId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The whole stream in version order. */
    public List<StoredEvent> readStream(Connection c, String streamId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select " + COLUMNS + " from event_store where stream_id = ? order by version")) {
            s.setString(1, streamId);
            return readAll(s);
        }
    }

    /**
     * The stream's first event (where its trace began) and those from {@code fromVersion} on, in version order:
     * what a command needs besides a snapshot of the stream's state up to that version (the event at it too,
     * whose hash the next append chains to).
     */
    public List<StoredEvent> readStreamFirstAndFrom(Connection c, String streamId, long fromVersion) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select " + COLUMNS + " from event_store where stream_id = ? "
                + "and (version = 1 or version >= ?) order by version")) {
            s.setString(1, streamId);
            s.setLong(2, fromVersion);
            return readAll(s);
        }
    }

    /** The stream's newest event, empty when it has none. */
    public Optional<StoredEvent> readLast(Connection c, String streamId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select " + COLUMNS + " from event_store where stream_id = ? "
                + "order by version desc limit 1")) {
            s.setString(1, streamId);
            return readAll(s).stream().findFirst();
        }
    }

    /** Several whole streams at once (e.g. a chunk of a bulk rebuild), each in version order, by stream id. */
    public Map<String, List<StoredEvent>> readStreams(Connection c, Collection<String> streamIds) throws SQLException {
        Map<String, List<StoredEvent>> byStream = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("select " + COLUMNS + " from event_store where stream_id = any(?) "
                + "order by stream_id, version")) {
            s.setArray(1, c.createArrayOf("varchar", streamIds.toArray()));
            for (StoredEvent e : readAll(s)) {
                byStream.computeIfAbsent(e.envelope().streamId(), id -> new ArrayList<>()).add(e);
            }
        }
        return byStream;
    }

    /** What {@link #forEachChunkOfStreams} hands over: the chunk's stream ids in the order they began, and their events. */
    @FunctionalInterface
    public interface StreamChunk {
        void accept(List<String> streamIds, Map<String, List<StoredEvent>> streams) throws SQLException;
    }

    /**
     * Every stream that begins with an event of {@code firstType} (e.g. each request), in the order they
     * began, {@code chunkSize} whole streams at a time: for rebuilding a read model in bulk. The stream ids
     * come through a cursor, so millions of streams need not fit in memory; needs a transaction. Returns
     * how many events were handed over.
     */
    public long forEachChunkOfStreams(Connection c, String firstType, int chunkSize, StreamChunk sink) throws SQLException {
        long events = 0;
        try (PreparedStatement s = c.prepareStatement("select stream_id from event_store where type = ? and version = 1 "
                + "order by global_position")) {
            s.setString(1, firstType);
            s.setFetchSize(chunkSize);
            try (ResultSet rs = s.executeQuery()) {
                List<String> chunk = new ArrayList<>(chunkSize);
                boolean more = true;
                while (more) {
                    more = rs.next();
                    if (more) {
                        chunk.add(rs.getString(1));
                    }
                    if (chunk.size() == chunkSize || (!more && !chunk.isEmpty())) {
                        Map<String, List<StoredEvent>> streams = readStreams(c, chunk);
                        events += streams.values().stream().mapToLong(List::size).sum();
                        sink.accept(chunk, streams);
                        chunk = new ArrayList<>(chunkSize);
                    }
                }
            }
        }
        return events;
    }

    /**
     * Every event of the streams that began with one of {@code firstTypes} (e.g. the teams), in global order,
     * with a server-side cursor: for rebuilding a read model of a few kinds of stream without reading the
     * rest of the store. Needs a transaction. Returns how many events were handed over.
     */
    public long forEachInStreamsBegunBy(Connection c, List<String> firstTypes, Consumer<StoredEvent> sink) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select " + COLUMNS + " from event_store where stream_id in ("
                + "select stream_id from event_store where type = any(?) and version = 1) order by global_position")) {
            s.setArray(1, c.createArrayOf("varchar", firstTypes.toArray()));
            return cursor(s, sink);
        }
    }

    /** Up to {@code limit} events after a global position, in position order. */
    public List<StoredEvent> readAfter(Connection c, long afterPosition, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select " + COLUMNS + " from event_store where global_position > ? "
                + "order by global_position limit ?")) {
            s.setLong(1, afterPosition);
            s.setInt(2, limit);
            return readAll(s);
        }
    }

    /**
     * Streams every event in global order to {@code sink} with a server-side cursor, so even millions
     * of events use little memory. Needs a connection with auto-commit off (a transaction).
     */
    public long forEach(Connection c, Consumer<StoredEvent> sink) throws SQLException {
        return forEachOrderedBy(c, "global_position", sink);
    }

    /**
     * Streams every event stream by stream, each in version order, with a server-side cursor (the primary
     * key's order): for checking every chain with one stream in memory at a time. Needs a transaction.
     */
    public long forEachInStreamOrder(Connection c, Consumer<StoredEvent> sink) throws SQLException {
        return forEachOrderedBy(c, "stream_id, version", sink);
    }

    private long forEachOrderedBy(Connection c, String order, Consumer<StoredEvent> sink) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select " + COLUMNS + " from event_store order by " + order)) {
            return cursor(s, sink);
        }
    }

    /** Hands the query's events to {@code sink} a thousand rows at a time (a server-side cursor); returns how many. */
    private long cursor(PreparedStatement s, Consumer<StoredEvent> sink) throws SQLException {
        long count = 0;
        s.setFetchSize(1000);
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                sink.accept(read(rs));
                count++;
            }
        }
        return count;
    }

    /** The oldest events not yet acknowledged by the broker, in global order (the outbox). */
    public List<StoredEvent> readUnpublished(Connection c, int limit) throws SQLException {
        // take the first entries of the outbox, then look only those events up by position: a join lets the
        // planner choose a merge join, which walks the store's index from its first event on every batch
        try (PreparedStatement s = c.prepareStatement("select " + COLUMNS + " from event_store where global_position = any(array("
                + "select global_position from outbox order by global_position limit ?)) order by global_position")) {
            s.setInt(1, limit);
            return readAll(s);
        }
    }

    /**
     * In one round trip: takes the events the broker acknowledged out of the outbox, and reads the oldest
     * ones still in it (the deleted ones excluded: the statement sees the outbox as it was before).
     */
    public List<StoredEvent> takePublishedAndReadNext(Connection c, List<Long> acknowledged, int limit) throws SQLException {
        return takePublishedAndReadNext(c, acknowledged, List.of(), limit);
    }

    /**
     * As {@link #takePublishedAndReadNext(Connection, List, int)}, passing over the entries of events
     * still being sent ({@code inFlight}): the next batch, read while the broker acknowledges the last.
     */
    public List<StoredEvent> takePublishedAndReadNext(Connection c, List<Long> acknowledged, List<Long> inFlight, int limit)
            throws SQLException {
        if (acknowledged.isEmpty() && inFlight.isEmpty()) {
            return readUnpublished(c, limit);
        }
        List<Long> passedOver = new ArrayList<>(acknowledged.size() + inFlight.size());
        passedOver.addAll(acknowledged);
        passedOver.addAll(inFlight);
        // the entries passed over as ranges (positions mostly follow each other): each outbox row is
        // checked against them by a binary search, where "<> all(array)" would compare it with every one
        try (PreparedStatement s = c.prepareStatement("with published as (delete from outbox where global_position = any(?)) "
                + "select " + COLUMNS + " from event_store where global_position = any(array(select global_position from outbox "
                + "where not (?::int8multirange @> global_position) order by global_position limit ?)) order by global_position")) {
            s.setArray(1, c.createArrayOf("bigint", acknowledged.toArray()));
            s.setString(2, ranges(passedOver));
            s.setInt(3, limit);
            return readAll(s);
        }
    }

    /** Positions as a PostgreSQL multirange literal of closed ranges: {@code {[1,4],[7,7]}}. */
    static String ranges(List<Long> positions) {
        long[] sorted = positions.stream().mapToLong(Long::longValue).sorted().toArray();
        StringBuilder text = new StringBuilder("{");
        int i = 0;
        while (i < sorted.length) {
            int j = i;
            while (j + 1 < sorted.length && sorted[j + 1] <= sorted[j] + 1) {
                j++;
            }
            text.append(text.length() > 1 ? "," : "").append('[').append(sorted[i]).append(',').append(sorted[j]).append(']');
            i = j + 1;
        }
        return text.append('}').toString();
    }

    /** Takes events the broker acknowledged out of the outbox. */
    public void markPublished(Connection c, List<Long> globalPositions) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("delete from outbox where global_position = any(?)")) {
            s.setArray(1, c.createArrayOf("bigint", globalPositions.toArray()));
            s.executeUpdate();
        }
    }

    /** Re-checks a stream's hash chain against what is stored now. */
    public ChainVerification verify(Connection c, String streamId) throws SQLException {
        return HashChain.verify(streamId, readStream(c, streamId).stream().map(StoredEvent::envelope).toList());
    }

    private Optional<String> hashAt(Connection c, String streamId, long version) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select hash from event_store where stream_id = ? and version = ?")) {
            s.setString(1, streamId);
            s.setLong(2, version);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private ConcurrencyConflict conflict(Connection c, String streamId, long expectedVersion) {
        try {
            return new ConcurrencyConflict(streamId, expectedVersion, currentVersion(c, streamId));
        } catch (SQLException e) {
            return new ConcurrencyConflict(streamId, expectedVersion, -1);
        }
    }

    private List<StoredEvent> readAll(PreparedStatement s) throws SQLException {
        List<StoredEvent> events = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                events.add(read(rs));
            }
        }
        return events;
    }

    /** A row selected as {@link #COLUMNS}, read by position (a rebuild reads millions: names cost a lookup each). */
    private StoredEvent read(ResultSet rs) throws SQLException {
        EventEnvelope e = new EventEnvelope(
                rs.getObject(4, UUID.class), // event_id
                source,
                rs.getString(6), // type
                rs.getInt(7), // schema_version
                rs.getString(2), // stream_id
                rs.getLong(3), // version
                rs.getObject(14, OffsetDateTime.class).toInstant(), // occurred_at
                new Actor(rs.getString(9), rs.getString(10), rs.getString(11)), // actor role, id, name
                rs.getString(12), // correlation_id
                rs.getString(13), // causation_id
                rs.getString(15), // prev_hash
                rs.getString(16), // hash
                rs.getString(8)); // payload
        return new StoredEvent(rs.getLong(1), rs.getString(5), e, // global_position, topic
                TraceContext.ofNullable(rs.getString(17), rs.getString(18))); // traceparent, tracestate
    }

    private static EventEnvelope withHash(EventEnvelope e, String hash) {
        return new EventEnvelope(e.eventId(), e.source(), e.type(), e.schemaVersion(), e.streamId(), e.streamVersion(),
                e.occurredAt(), e.actor(), e.correlationId(), e.causationId(), e.prevHash(), hash, e.payload());
    }

    static boolean isUniqueViolation(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (UNIQUE_VIOLATION.equals(x.getSQLState())) {
                return true;
            }
        }
        return e.getCause() instanceof SQLException cause && UNIQUE_VIOLATION.equals(cause.getSQLState());
    }
}
