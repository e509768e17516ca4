package io.sidan.eventing.integrity;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

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
     * Checks every chain, every checkpoint of this service and the newest one's root, and that each copy
     * of this service's checkpoints kept here (as received over Kafka) is still in the store.
     */
    public static IntegrityReport check(Connection c, EventStore store, PublicKey key) throws SQLException {
        List<CheckpointSigned> checkpoints = Checkpointer.checkpointsIn(c, store);
        StoreVerifier verifier = new StoreVerifier(store.source(), key, checkpoints);
        store.forEach(c, e -> verifier.accept(e.globalPosition(), e.envelope()));
        IntegrityReport report = verifier.finish(CheckpointWitness.witnessed(c, store.source()));
        // the access log of personal data: its own chain, and the entry the newest checkpoint signed
        List<String> more = new ArrayList<>();
        new AccessLog(Clock.systemUTC()).firstBroken(c).ifPresent(e -> more.add("the access log's chain breaks at entry #" + e.seq()));
        if (!checkpoints.isEmpty()) {
            Checkpointer.accessLogProblem(c, checkpoints.get(checkpoints.size() - 1)).ifPresent(more::add);
        }
        if (more.isEmpty()) {
            return report;
        }
        more.addAll(0, report.problems());
        return new IntegrityReport(report.service(), false, report.events(), report.streams(), report.checkpoints(),
                report.latestCheckpoint(), report.eventsAfterCheckpoint(), report.signaturesCheckedWith(), report.firstBadEvent(),
                List.copyOf(more));
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
            List<Checkpointer.Head> heads = Checkpointer.headsAt(c, newest.get(0).position());
            List<byte[]> leaves = heads.stream().map(h -> MerkleTree.headLeaf(h.stream(), h.version(), h.hash())).toList();
            List<String> ids = heads.stream().map(Checkpointer.Head::stream).toList();
            for (String stream : new TreeSet<>(streamIds)) {
                int index = Collections.binarySearch(ids, stream, MerkleTree.HEAD_ORDER);
                if (index >= 0) {
                    Checkpointer.Head h = heads.get(index);
                    proofs.add(new StoreExport.HeadProof(stream, h.version(), h.hash(), index, heads.size(),
                            MerkleTree.inclusionProof(leaves, index)));
                }
            }
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
