package io.sidan.contracts.integrity;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.envelope.EventJson;
import io.sidan.contracts.envelope.HashChain;
import io.sidan.contracts.events.IntegrityEvent.CheckpointSigned;

/**
 * Checks a whole event store of one service, read once in global order, against its own signed
 * checkpoints and the copies other services witnessed: the one check behind a service's online
 * integrity report and {@code ./sidan verify}.
 *
 * <ul>
 *   <li>every stream's hash chain (versions 1, 2, 3…, each linked to the one before, each hash recomputed);</li>
 *   <li>the checkpoints: signatures (with the given key), sequence 1, 2, 3…, each naming the one before,
 *       and the events and streams each counts up to its position (so removing a checkpointed event shows);</li>
 *   <li>the newest checkpoint's Merkle root over the heads of the streams as of its position (so re-hashing a
 *       whole stream, or cutting off its last events, shows);</li>
 *   <li>the witnessed copies: each must be in the store, unchanged.</li>
 * </ul>
 *
 * Give it the store's checkpoints first (they are events of the stream {@code checkpoint:<service>}, read
 * ahead), then every event in position order, then call {@link #finish}.
 */
public final class StoreVerifier {

    public static final int MAX_PROBLEMS = 50;

    private final String service;
    private final PublicKey key;
    private final List<CheckpointSigned> checkpoints; // by sequence
    private final List<CheckpointSigned> byPosition;
    private final Map<String, Head> heads = new HashMap<>();
    private final Set<String> brokenStreams = new HashSet<>();
    private final List<String> problems = new ArrayList<>();
    private final List<CheckpointSigned> metInStream = new ArrayList<>();
    private final boolean streamsOnly;
    private final CheckpointSigned proven; // an export of streams: the checkpoint the proofs are for; else null
    private final Map<String, StoreExport.HeadProof> proofs;
    private final Map<String, Head> headsAtProven = new HashMap<>();
    private IntegrityReport.BadEvent firstBad;
    private long events;
    private long lastPosition;
    private int nextSnapshot;
    private boolean overflow;

    private record Head(long version, String hash) {
    }

    /** The stream that holds a service's checkpoints. */
    public static String checkpointStream(String service) {
        return "checkpoint:" + service;
    }

    /**
     * @param service     whose store
     * @param key         the service's public key, or null to leave signatures unchecked
     * @param checkpoints the service's checkpoints as the store holds them
     */
    public StoreVerifier(String service, PublicKey key, List<CheckpointSigned> checkpoints) {
        this.service = service;
        this.key = key;
        this.checkpoints = checkpoints.stream().sorted(Comparator.comparingLong(CheckpointSigned::sequence)).toList();
        this.byPosition = checkpoints.stream().sorted(Comparator.comparingLong(CheckpointSigned::position)).toList();
        this.streamsOnly = false;
        this.proven = null;
        this.proofs = Map.of();
        checkCheckpointChain();
    }

    private StoreVerifier(String service, PublicKey key, CheckpointSigned newest, List<StoreExport.HeadProof> proofs) {
        this.service = service;
        this.key = key;
        this.checkpoints = newest == null ? List.of() : List.of(newest);
        this.byPosition = List.of();
        this.streamsOnly = true;
        this.proven = newest;
        this.proofs = new HashMap<>();
        proofs.forEach(p -> this.proofs.put(p.streamId(), p));
        if (newest != null && !newest.service().equals(service)) {
            problem("checkpoint #" + newest.sequence() + " names another service, " + newest.service());
        }
        if (newest != null && key != null && !CheckpointSignatures.verify(newest, key)) {
            problem("checkpoint #" + newest.sequence() + ": its signature does not hold (forged or changed)");
        }
    }

    /**
     * Checks some whole streams of a store (a request's case file): their chains, and each head as of the
     * newest checkpoint against that checkpoint's signed root through its proof.
     *
     * @param checkpoints the newest checkpoint (the export holds only it), or none when the service has not signed one
     */
    public static StoreVerifier forStreams(String service, PublicKey key, List<CheckpointSigned> checkpoints,
                                           List<StoreExport.HeadProof> proofs) {
        CheckpointSigned newest = checkpoints.stream().max(Comparator.comparingLong(CheckpointSigned::sequence)).orElse(null);
        return new StoreVerifier(service, key, newest, proofs);
    }

    /** The next event of the store, in global position order. */
    public void accept(long position, EventEnvelope e) {
        if (position <= lastPosition) {
            problem("event " + e.eventId() + " at position " + position + " is out of order (after " + lastPosition + ")");
        }
        snapshotUpTo(position - 1);
        lastPosition = Math.max(lastPosition, position);
        events++;
        String stream = e.streamId();
        Head head = heads.get(stream);
        String wrong = head == null ? brokenLink(0, HashChain.GENESIS, e) : brokenLink(head.version(), head.hash(), e);
        if (wrong != null && brokenStreams.add(stream)) {
            problem(chainProblem(e, position, wrong));
            if (firstBad == null) {
                firstBad = new IntegrityReport.BadEvent(stream, e.streamVersion(), e.eventId().toString(), position, wrong);
            }
        }
        heads.put(stream, new Head(e.streamVersion(), e.hash()));
        if (proven != null && position <= proven.position()) {
            headsAtProven.put(stream, new Head(e.streamVersion(), e.hash()));
        }
        if (stream.equals(checkpointStream(service)) && e.type().equals("integrity.checkpoint-signed")) {
            try {
                metInStream.add(EventJson.mapper().readValue(e.payload(), CheckpointSigned.class));
            } catch (JsonProcessingException ex) {
                problem("checkpoint event " + e.eventId() + " cannot be read: " + ex.getOriginalMessage());
            }
        }
    }

    /**
     * The report, after every event.
     *
     * @param witnessed copies of checkpoints other services keep (any service's; those of this one are compared)
     */
    public IntegrityReport finish(Collection<CheckpointSigned> witnessed) {
        if (streamsOnly) {
            return finishStreams(witnessed);
        }
        snapshotUpTo(Long.MAX_VALUE);
        if (metInStream.size() != checkpoints.size() || !digests(metInStream).equals(digests(checkpoints))) {
            problem("the checkpoints read ahead differ from those in the stream " + checkpointStream(service));
        }
        witnessProblems(service, key, checkpoints, witnessed).forEach(this::problem);
        CheckpointSigned latest = checkpoints.isEmpty() ? null : checkpoints.get(checkpoints.size() - 1);
        long after = latest == null ? events : events - latest.events();
        if (overflow) {
            problems.add("… and more");
        }
        return new IntegrityReport(service, problems.isEmpty(), events, heads.size(), checkpoints.size(),
                latest == null ? null : latest.sequence(), Math.max(after, 0), key == null ? null : SigningKeys.keyId(key),
                firstBad, List.copyOf(problems));
    }

    private IntegrityReport finishStreams(Collection<CheckpointSigned> witnessed) {
        long after = 0;
        if (proven != null) {
            for (String stream : heads.keySet()) {
                Head atCheckpoint = headsAtProven.get(stream);
                StoreExport.HeadProof proof = proofs.get(stream);
                if (atCheckpoint == null && proof == null) {
                    continue; // begun after the checkpoint: its chain is all there is to check
                }
                if (proof == null) {
                    problem("stream " + stream + " has events checkpoint #" + proven.sequence() + " covers, but no proof");
                } else if (atCheckpoint == null || atCheckpoint.version() != proof.version() || !atCheckpoint.hash().equals(proof.hash())) {
                    String wrong = "checkpoint #" + proven.sequence() + " covers version " + proof.version() + " of it, the export has "
                            + (atCheckpoint == null ? "none" : "version " + atCheckpoint.version() + (atCheckpoint.version() == proof.version()
                            ? " with another hash" : ""));
                    problem("stream " + stream + ": " + wrong);
                    if (firstBad == null) {
                        firstBad = new IntegrityReport.BadEvent(stream, proof.version(), null, 0, wrong);
                    }
                } else if (proof.size() != proven.streams() || !MerkleTree.verifyInclusion(MerkleTree.headLeaf(stream, proof.version(),
                        proof.hash()), proof.index(), proof.size(), proof.path(), proven.root())) {
                    problem("stream " + stream + ": its head is not in checkpoint #" + proven.sequence()
                            + "'s tree: the stream was re-hashed, or the store it was proven from was changed elsewhere "
                            + "(the proof uses the other streams' heads; check the whole store)");
                }
            }
            for (CheckpointSigned w : witnessed) {
                if (w.service().equals(service) && w.sequence() == proven.sequence()
                        && !CheckpointSignatures.digest(w).equals(CheckpointSignatures.digest(proven))) {
                    problem("checkpoint #" + w.sequence() + " in the export differs from the copy other services witnessed");
                }
            }
            after = events - headsAtProven.values().stream().mapToLong(Head::version).sum();
        }
        if (overflow) {
            problems.add("… and more");
        }
        return new IntegrityReport(service, problems.isEmpty(), events, heads.size(), checkpoints.size(),
                proven == null ? null : proven.sequence(), proven == null ? events : after, key == null ? null : SigningKeys.keyId(key),
                firstBad, List.copyOf(problems));
    }

    /**
     * What is wrong with an event as the next of its stream after {@code version} with {@code hash} (0 and
     * 64 zeros before the first), or null when it links and its content matches its hash.
     */
    public static String brokenLink(long version, String hash, EventEnvelope e) {
        if (e.streamVersion() != version + 1) {
            return "version " + (version + 1) + " is missing (found " + e.streamVersion() + ")";
        }
        if (!hash.equals(e.prevHash())) {
            return "version " + e.streamVersion() + " does not link to the hash of version " + version;
        }
        if (!HashChain.hash(e).equals(e.hash())) {
            return "version " + e.streamVersion() + " (" + e.type() + ") was altered: its content no longer matches its hash";
        }
        return null;
    }

    /** The problem line of a broken link. */
    public static String chainProblem(EventEnvelope e, long position, String wrong) {
        return "stream " + e.streamId() + ": " + wrong + " (event " + e.eventId() + ", position " + position + ")";
    }

    /** What is wrong with the store's counts and root as read up to a checkpoint's position; empty when nothing. */
    public static List<String> stateProblems(CheckpointSigned c, long events, long streams, String root) {
        List<String> found = new ArrayList<>();
        if (c.events() != events) {
            long gap = c.events() - events;
            found.add("checkpoint #" + c.sequence() + " counts " + c.events() + " events up to position " + c.position()
                    + ", the store has " + events + (gap > 0 ? ": " + gap + " were removed" : ": " + (-gap) + " were added"));
        }
        if (c.streams() != streams) {
            found.add("checkpoint #" + c.sequence() + " counts " + c.streams() + " streams up to position " + c.position()
                    + ", the store has " + streams);
        }
        if (root != null && !root.equals(c.root())) {
            found.add("the heads of the streams up to position " + c.position() + " do not give checkpoint #" + c.sequence()
                    + "'s root: an event it covers was removed, or a stream was re-hashed");
        }
        return found;
    }

    /**
     * What is wrong with a service's checkpoints as a sequence (signatures with {@code key} when given,
     * numbering from 1, each naming the one before, none reporting a changed store, none covering less).
     */
    public static List<String> checkpointChainProblems(String service, PublicKey key, List<CheckpointSigned> bySequence) {
        StoreVerifier v = new StoreVerifier(service, key, bySequence);
        return List.copyOf(v.problems);
    }

    /** What the copies other services witnessed say against this service's own checkpoints. */
    public static List<String> witnessProblems(String service, PublicKey key, List<CheckpointSigned> own,
                                               Collection<CheckpointSigned> witnessed) {
        Map<Long, CheckpointSigned> bySequence = new HashMap<>();
        own.forEach(c -> bySequence.put(c.sequence(), c));
        List<String> found = new ArrayList<>();
        for (CheckpointSigned w : witnessed) {
            if (!w.service().equals(service) || (key != null && !CheckpointSignatures.verify(w, key))) {
                continue; // another service's, or not genuinely signed by this service: proves nothing here
            }
            CheckpointSigned mine = bySequence.get(w.sequence());
            if (mine == null) {
                found.add("checkpoint #" + w.sequence() + " (position " + w.position() + ", signed " + w.signedAt()
                        + "), which other services witnessed, is missing from the store");
            } else if (!CheckpointSignatures.digest(mine).equals(CheckpointSignatures.digest(w))) {
                found.add("checkpoint #" + w.sequence() + " in the store differs from the copy other services witnessed");
            }
        }
        return found;
    }

    private void checkCheckpointChain() {
        String previous = CheckpointSignatures.FIRST;
        long sequence = 1;
        CheckpointSigned before = null;
        for (CheckpointSigned c : checkpoints) {
            if (!c.service().equals(service)) {
                problem("checkpoint #" + c.sequence() + " names another service, " + c.service());
            }
            if (key != null && !CheckpointSignatures.verify(c, key)) {
                problem("checkpoint #" + c.sequence() + ": its signature does not hold (forged or changed)");
            }
            if (c.sequence() != sequence) {
                problem("checkpoint #" + sequence + " is missing (found #" + c.sequence() + ")");
            } else if (!c.previous().equals(previous)) {
                problem("checkpoint #" + c.sequence() + " does not name checkpoint #" + (sequence - 1) + " before it");
            }
            if (!c.previousHolds()) {
                problem("checkpoint #" + c.sequence() + " records that the store no longer matched checkpoint #"
                        + (c.sequence() - 1) + " when it was made");
            }
            if (before != null && (c.position() < before.position() || c.events() < before.events())) {
                problem("checkpoint #" + c.sequence() + " covers less of the store than #" + before.sequence());
            }
            previous = CheckpointSignatures.digest(c);
            sequence = c.sequence() + 1;
            before = c;
        }
    }

    /** Compares each checkpoint at or below {@code position} with the store as it was read up to there. */
    private void snapshotUpTo(long position) {
        while (nextSnapshot < byPosition.size() && byPosition.get(nextSnapshot).position() <= position) {
            CheckpointSigned c = byPosition.get(nextSnapshot++);
            // the root only for the newest: it covers everything the older ones did
            String root = c == checkpoints.get(checkpoints.size() - 1) ? root() : null;
            stateProblems(c, events, heads.size(), root).forEach(this::problem);
        }
    }

    private String root() {
        MerkleTree tree = new MerkleTree();
        heads.entrySet().stream().sorted(Map.Entry.comparingByKey(MerkleTree.HEAD_ORDER))
                .forEach(h -> tree.addHead(h.getKey(), h.getValue().version(), h.getValue().hash()));
        return tree.root();
    }

    private static List<String> digests(List<CheckpointSigned> list) {
        return list.stream().sorted(Comparator.comparingLong(CheckpointSigned::sequence)).map(CheckpointSignatures::digest).toList();
    }

    private void problem(String text) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(text);
        } else {
            overflow = true;
        }
    }
}
