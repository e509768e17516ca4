package io.sidan.eventing.integrity;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.io.ByteArrayOutputStream;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.envelope.HashChain;
import io.sidan.contracts.events.IntegrityEvent.CheckpointSigned;
import io.sidan.contracts.integrity.IntegrityReport;
import io.sidan.contracts.integrity.MerkleTree;
import io.sidan.contracts.integrity.SigningKeys;
import io.sidan.contracts.integrity.StoreExport;
import io.sidan.contracts.integrity.StoreVerifier;
import io.sidan.eventing.access.AccessLog;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.store.StoredEvent;

/**
 * The online side of tamper evidence: checks this service's store as it is now (the same
 * {@link StoreVerifier} that {@code ./sidan verify} runs on an export), and writes the export.
 * Both read the whole store through a cursor, so they need a transaction (auto-commit off).
 */
public final class StoreIntegrity {

    private StoreIntegrity() {
    }

    /**
     * Checks every chain, every checkpoint of this service (signatures, numbering, links), the newest one's
     * counts and root (and the access log entry it signed), the access log's chain, and that each copy of
     * this service's checkpoints kept here (as received over Kafka) is still in the store. Reads the store
     * stream by stream and lets the database compute the heads, so a million streams need no more memory
     * than one; the same findings, in the same words, as {@link StoreVerifier} on an export.
     */
    public static IntegrityReport check(Connection c, EventStore store, PublicKey key) throws SQLException {
        String service = store.source();
        List<CheckpointSigned> checkpoints = Checkpointer.checkpointsIn(c, store);
        List<String> problems = new ArrayList<>(StoreVerifier.checkpointChainProblems(service, key, checkpoints));
        ChainWalk chains = new ChainWalk();
        store.forEachInStreamOrder(c, chains);
        problems.addAll(chains.problems);
        CheckpointSigned latest = checkpoints.isEmpty() ? null : checkpoints.get(checkpoints.size() - 1);
        if (latest != null) {
            Checkpointer.StoreState state = Checkpointer.stateAt(c, latest.position());
            problems.addAll(StoreVerifier.stateProblems(latest, state.events(), state.streams(), state.root()));
            Checkpointer.accessLogProblem(c, latest).ifPresent(problems::add);
        }
        new AccessLog(Clock.systemUTC()).firstBroken(c).ifPresent(e -> problems.add("the access log's chain breaks at entry #" + e.seq()));
        problems.addAll(StoreVerifier.witnessProblems(service, key, checkpoints, CheckpointWitness.witnessed(c, service)));
        List<String> shown = problems.size() <= StoreVerifier.MAX_PROBLEMS ? problems
                : new ArrayList<>(problems.subList(0, StoreVerifier.MAX_PROBLEMS));
        if (shown != problems) {
            shown.add("… and more");
        }
        return new IntegrityReport(service, problems.isEmpty(), chains.events, chains.streams, checkpoints.size(),
                latest == null ? null : latest.sequence(), latest == null ? chains.events : Math.max(0, chains.events - latest.events()),
                key == null ? null : SigningKeys.keyId(key), chains.firstBad, List.copyOf(shown));
    }

    /** Every stream's chain, one stream at a time. */
    private static final class ChainWalk implements Consumer<StoredEvent> {
        final List<String> problems = new ArrayList<>();
        IntegrityReport.BadEvent firstBad;
        long events;
        long streams;
        private String stream;
        private long version;
        private String hash;
        private boolean broken;

        @Override
        public void accept(StoredEvent stored) {
            EventEnvelope e = stored.envelope();
            events++;
            if (!e.streamId().equals(stream)) {
                streams++;
                stream = e.streamId();
                version = 0;
                hash = HashChain.GENESIS;
                broken = false;
            }
            String wrong = StoreVerifier.brokenLink(version, hash, e);
            if (wrong != null && !broken) {
                broken = true;
                if (problems.size() <= StoreVerifier.MAX_PROBLEMS) { // a store broken everywhere must not fill the heap
                    problems.add(StoreVerifier.chainProblem(e, stored.globalPosition(), wrong));
                }
                if (firstBad == null) {
                    firstBad = new IntegrityReport.BadEvent(stream, e.streamVersion(), e.eventId().toString(), stored.globalPosition(), wrong);
                }
            }
            version = e.streamVersion();
            hash = e.hash();
        }
    }

    /**
     * Writes some whole streams (a request's case file: its stream id) as a {@link StoreExport} with the
     * newest checkpoint and the proofs that each stream's head as of that checkpoint is in its tree.
     */
    public static void exportStreams(Connection c, EventStore store, PublicKey key, Collection<String> streamIds, Instant now,
                                     OutputStream out) throws SQLException, IOException {
        List<CheckpointSigned> all = Checkpointer.checkpointsIn(c, store);
        List<CheckpointSigned> newest = all.isEmpty() ? List.of() : List.of(all.get(all.size() - 1));
        List<StoreExport.HeadProof> proofs = new ArrayList<>();
        if (!newest.isEmpty()) {
            // every leaf is needed for the paths, but only as 32 bytes each; the chosen streams' heads are kept whole
            Set<String> wanted = new HashSet<>(streamIds);
            ByteArrayOutputStream leaves = new ByteArrayOutputStream();
            Map<Integer, Checkpointer.Head> chosen = new TreeMap<>();
            Checkpointer.forEachHead(c, newest.get(0).position(), h -> {
                if (wanted.contains(h.stream())) {
                    chosen.put(leaves.size() / 32, h);
                }
                leaves.writeBytes(MerkleTree.headLeaf(h.stream(), h.version(), h.hash()));
            });
            List<byte[]> leafList = new LeafList(leaves.toByteArray());
            chosen.forEach((index, h) -> proofs.add(new StoreExport.HeadProof(h.stream(), h.version(), h.hash(), index, leafList.size(),
                    MerkleTree.inclusionProof(leafList, index))));
        }
        List<StoredEvent> events = store.readStreams(c, streamIds).values().stream().flatMap(List::stream)
                .sorted(Comparator.comparingLong(StoredEvent::globalPosition)).toList();
        try (StoreExport.Writer w = new StoreExport.Writer(out, store.source(), now, key == null ? null : SigningKeys.encode(key),
                newest, proofs)) {
            for (StoredEvent e : events) {
                w.event(e.globalPosition(), e.topic(), e.envelope());
            }
        }
    }

    /** Leaf hashes of 32 bytes each, one after the other in one array, read as a list. */
    private static final class LeafList extends AbstractList<byte[]> {
        private final byte[] bytes;

        LeafList(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public byte[] get(int index) {
            return Arrays.copyOfRange(bytes, index * 32, index * 32 + 32);
        }

        @Override
        public int size() {
            return bytes.length / 32;
        }
    }

    /** Writes the whole store as a {@link StoreExport}. */
    public static void export(Connection c, EventStore store, PublicKey key, Instant now, OutputStream out)
            throws SQLException, IOException {
        List<CheckpointSigned> checkpoints = Checkpointer.checkpointsIn(c, store);
        try (StoreExport.Writer w = new StoreExport.Writer(out, store.source(), now, key == null ? null : SigningKeys.encode(key),
                checkpoints)) {
            store.forEach(c, e -> {
                try {
                    w.event(e.globalPosition(), e.topic(), e.envelope());
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
