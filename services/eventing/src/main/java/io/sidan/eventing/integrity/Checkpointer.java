package io.sidan.eventing.integrity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import io.sidan.contracts.envelope.Actor;
import io.sidan.contracts.events.IntegrityEvent.CheckpointSigned;
import io.sidan.contracts.integrity.CheckpointSignatures;
import io.sidan.contracts.integrity.MerkleTree;
import io.sidan.contracts.integrity.StoreVerifier;
import io.sidan.eventing.store.EventMetadata;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.store.StoredEvent;

/**
 * Signs checkpoints of this service's store: the Merkle root over every stream's head up to a position,
 * with the counts of streams and events, appended as {@code integrity.checkpoint-signed} to the stream
 * {@code checkpoint:<service>} and so published through the outbox to every service.
 *
 * <p>The heads come from {@link SignedHeads}, the table of the heads the last checkpoint signed, advanced by
 * the events recorded since: a checkpoint reads those events and the table, not the whole store. Before
 * signing, it checks that the table still gives the previous checkpoint's root, that every stream appended
 * to since goes on from its signed head, and, once every {@code storeCheckEvery}, that the store itself
 * still gives the previous root (a whole read of the store); it says whether all of that held in
 * {@code previousHolds}, so the other services learn of a rewrite. After a failed check the heads are
 * taken from the store again, so the new checkpoint signs what the store holds.
 *
 * <p>A checkpoint covers only settled positions: events recorded at least {@code settle} ago. A
 * transaction that took a position earlier but has not committed yet would otherwise appear below a
 * signed position later; {@code settle} must exceed the longest transaction (the transaction timeout).
 */
public final class Checkpointer {

    /** Every stream's head as of a position ({@code ?}), in the tree's order. */
    static final String HEADS = "select distinct on (stream_id collate \"C\") stream_id, version, hash from event_store "
            + "where global_position <= ? order by stream_id collate \"C\", version desc";

    private final EventStore store;
    private final SigningIdentity identity;
    private final Clock clock;
    private final Duration settle;
    private final Duration storeCheckEvery;

    public Checkpointer(EventStore store, SigningIdentity identity, Clock clock, Duration settle, Duration storeCheckEvery) {
        this.store = store;
        this.identity = identity;
        this.clock = clock;
        this.settle = settle;
        this.storeCheckEvery = storeCheckEvery;
    }

    /** Signs and appends the next checkpoint when the store has settled events beyond the last one; run one at a time. */
    public Optional<CheckpointSigned> checkpoint(Connection c) throws SQLException {
        return checkpoint(c, false);
    }

    /** The same, checking the whole store against the previous checkpoint first when {@code checkStore}, however recently it was. */
    public Optional<CheckpointSigned> checkpoint(Connection c, boolean checkStore) throws SQLException {
        String stream = StoreVerifier.checkpointStream(store.source());
        // only the newest checkpoint is read: the stream grows by one every checkpoint, for ever
        Optional<StoredEvent> lastEvent = store.readLast(c, stream);
        CheckpointSigned last = lastEvent.map(this::decode).orElse(null);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long after = last == null ? 0 : last.position();
        long position = settledPosition(c, now.minus(settle));
        if (position <= after || !hasNewEvents(c, after, position, stream)) {
            return Optional.empty();
        }
        boolean previousHolds = true;
        Instant storeCheckedAt = now;
        if (last != null) {
            Optional<SignedHeads.Mark> mark = SignedHeads.mark(c);
            boolean inStep = mark.isPresent() && mark.get().sequence() == last.sequence();
            if (!inStep) {
                // the table is not of the last checkpoint (the first one since an upgrade): its heads come from the store
                SignedHeads.fillFromStore(c, after);
            }
            boolean storeCheckDue = inStep && (checkStore || !now.isBefore(mark.get().storeCheckedAt().plus(storeCheckEvery)));
            previousHolds = gives(SignedHeads.tree(c), last) && accessLogProblem(c, last).isEmpty()
                    && SignedHeads.newEventsGoOnFromTheHeads(c, after, position) && (!storeCheckDue || storeGives(c, last));
            if (inStep && !storeCheckDue && previousHolds) {
                storeCheckedAt = mark.get().storeCheckedAt();
            }
        }
        // after a rewrite, sign what the store holds now (as it reports in previousHolds), not the old heads
        boolean headsFromStore = last == null || !previousHolds;
        if (headsFromStore) {
            SignedHeads.fillFromStore(c, position);
        } else {
            SignedHeads.advance(c, after, position);
        }
        MerkleTree tree = SignedHeads.tree(c);
        long events = headsFromStore ? countEvents(c, 0, position) : last.events() + countEvents(c, after, position);
        Optional<AccessLogHead> accessLog = accessLogHead(c);
        CheckpointSigned next = CheckpointSignatures.sign(new CheckpointSigned(store.source(), last == null ? 1 : last.sequence() + 1,
                position, tree.size(), events, tree.root(),
                last == null ? CheckpointSignatures.FIRST : CheckpointSignatures.digest(last), previousHolds, now, "", "",
                accessLog.map(AccessLogHead::seq).orElse(null), accessLog.map(AccessLogHead::hash).orElse(null)),
                identity.privateKey(), identity.publicKey());
        store.append(c, stream, lastEvent.map(e -> e.envelope().streamVersion()).orElse(0L), List.of(next),
                EventMetadata.by(new Actor("system", store.source(), store.source())));
        SignedHeads.mark(c, new SignedHeads.Mark(next.sequence(), storeCheckedAt));
        return Optional.of(next);
    }

    /** The service's checkpoints as its own store holds them, oldest first. */
    public static List<CheckpointSigned> checkpointsIn(Connection c, EventStore store) throws SQLException {
        List<CheckpointSigned> list = new ArrayList<>();
        for (StoredEvent e : store.readStream(c, StoreVerifier.checkpointStream(store.source()))) {
            CheckpointSigned cp = decodeOrNull(store, e);
            if (cp != null) {
                list.add(cp);
            }
        }
        return list;
    }

    /** Whether the store, read now, still gives a checkpoint's counts and root. */
    static boolean storeGives(Connection c, CheckpointSigned checkpoint) throws SQLException {
        StoreState now = stateAt(c, checkpoint.position());
        return now.events() == checkpoint.events() && now.streams() == checkpoint.streams() && now.root().equals(checkpoint.root());
    }

    private static boolean gives(MerkleTree tree, CheckpointSigned checkpoint) {
        return tree.size() == checkpoint.streams() && tree.root().equals(checkpoint.root());
    }

    /** The last entry of the access log of personal data. */
    record AccessLogHead(long seq, String hash) {
    }

    static Optional<AccessLogHead> accessLogHead(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select seq, hash from personal_data_access order by seq desc limit 1");
             ResultSet rs = s.executeQuery()) {
            return rs.next() ? Optional.of(new AccessLogHead(rs.getLong(1), rs.getString(2))) : Optional.empty();
        }
    }

    /** What is wrong with the access log entry a checkpoint signed: missing or changed; empty when it is there. */
    static Optional<String> accessLogProblem(Connection c, CheckpointSigned checkpoint) throws SQLException {
        if (checkpoint.accessLogSeq() == null) {
            return Optional.empty();
        }
        try (PreparedStatement s = c.prepareStatement("select hash from personal_data_access where seq = ?")) {
            s.setLong(1, checkpoint.accessLogSeq());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.of("the access log's entry #" + checkpoint.accessLogSeq() + ", which checkpoint #"
                            + checkpoint.sequence() + " signed, is missing: entries were cut off its end");
                }
                return rs.getString(1).equals(checkpoint.accessLogHash()) ? Optional.empty()
                        : Optional.of("the access log's entry #" + checkpoint.accessLogSeq() + " differs from the one checkpoint #"
                        + checkpoint.sequence() + " signed");
            }
        }
    }

    record StoreState(long streams, long events, String root) {
    }

    /** A stream's head: its last version at some position, and that event's chain hash. */
    record Head(String stream, long version, String hash) {
    }

    /**
     * The heads of every stream as of a position, hashed into the tree as they stream from the database in
     * the tree's order ({@code COLLATE "C"}: {@link MerkleTree#HEAD_ORDER}), so a million streams take no
     * more memory than a few.
     */
    static StoreState stateAt(Connection c, long position) throws SQLException {
        MerkleTree tree = new MerkleTree();
        try (PreparedStatement s = c.prepareStatement(HEADS)) {
            s.setLong(1, position);
            s.setFetchSize(10_000);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    tree.addHead(rs.getString(1), rs.getLong(2), rs.getString(3));
                }
            }
        }
        long events;
        try (PreparedStatement s = c.prepareStatement("select count(*) from event_store where global_position <= ?")) {
            s.setLong(1, position);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                events = rs.getLong(1);
            }
        }
        return new StoreState(tree.size(), events, tree.root());
    }

    /** Each stream's head as of a position, in the tree's order, as it streams from the database. */
    static void forEachHead(Connection c, long position, Consumer<Head> sink) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(HEADS)) {
            s.setLong(1, position);
            s.setFetchSize(10_000);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    sink.accept(new Head(rs.getString(1), rs.getLong(2), rs.getString(3)));
                }
            }
        }
    }

    private static long settledPosition(Connection c, Instant before) throws SQLException {
        // positions rise with time, so walking back from the newest finds it after a few rows
        try (PreparedStatement s = c.prepareStatement("select global_position from event_store where occurred_at <= ? "
                + "order by global_position desc limit 1")) {
            s.setTimestamp(1, Timestamp.from(before));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static long countEvents(Connection c, long after, long upTo) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select count(*) from event_store where global_position > ? and global_position <= ?")) {
            s.setLong(1, after);
            s.setLong(2, upTo);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static boolean hasNewEvents(Connection c, long after, long upTo, String checkpointStream) throws SQLException {
        // the last checkpoint's own event alone is not news: checkpoints would otherwise follow each other for ever
        try (PreparedStatement s = c.prepareStatement("select exists (select 1 from event_store where global_position > ? "
                + "and global_position <= ? and stream_id <> ?)")) {
            s.setLong(1, after);
            s.setLong(2, upTo);
            s.setString(3, checkpointStream);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private CheckpointSigned decode(StoredEvent e) {
        CheckpointSigned cp = decodeOrNull(store, e);
        if (cp == null) {
            throw new IllegalStateException("the last event of " + e.envelope().streamId() + " is not a checkpoint");
        }
        return cp;
    }

    private static CheckpointSigned decodeOrNull(EventStore store, StoredEvent e) {
        return store.catalogue().decode(e.envelope()).orElse(null) instanceof CheckpointSigned cp ? cp : null;
    }
}
