package io.sidan.contracts.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sidan.contracts.envelope.Actor;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.envelope.EventJson;
import io.sidan.contracts.envelope.HashChain;
import io.sidan.contracts.events.IntegrityEvent.CheckpointSigned;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a store with signed checkpoints, when it is tampered with in the ways a database administrator
 * could, then the offline check finds it (and finds nothing in the untouched store).
 */
class StoreVerifierTest {

    private static final String SERVICE = "request-service";
    private static final KeyPair KEYS = SigningKeys.generate();
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    /** A store held in a list, appended to as the event store does, with checkpoints signed over it. */
    private static final class Store {
        final List<StoreExport.ExportedEvent> events = new ArrayList<>();
        final List<CheckpointSigned> checkpoints = new ArrayList<>();
        long position;

        void append(String stream, String type, String payload) {
            EventEnvelope last = events.stream().map(StoreExport.ExportedEvent::envelope)
                    .filter(e -> e.streamId().equals(stream)).reduce((a, b) -> b).orElse(null);
            long version = last == null ? 1 : last.streamVersion() + 1;
            EventEnvelope unsigned = new EventEnvelope(UUID.randomUUID(), SERVICE, type, 1, stream, version,
                    T0.plusSeconds(++position), new Actor("resident", "r1", "Resident"), null, null,
                    last == null ? HashChain.GENESIS : last.hash(), null, payload);
            events.add(new StoreExport.ExportedEvent(position, "sidan.request.events", withHash(unsigned)));
        }

        void checkpoint() {
            Map<String, EventEnvelope> heads = new HashMap<>();
            events.forEach(e -> heads.put(e.envelope().streamId(), e.envelope()));
            MerkleTree tree = new MerkleTree();
            heads.keySet().stream().sorted().forEach(s -> tree.addHead(s, heads.get(s).streamVersion(), heads.get(s).hash()));
            CheckpointSigned previous = checkpoints.isEmpty() ? null : checkpoints.get(checkpoints.size() - 1);
            CheckpointSigned c = CheckpointSignatures.sign(SERVICE, checkpoints.size() + 1, position, heads.size(), events.size(),
                    tree.root(), previous == null ? CheckpointSignatures.FIRST : CheckpointSignatures.digest(previous), true,
                    T0.plusSeconds(position), KEYS.getPrivate(), KEYS.getPublic());
            checkpoints.add(c);
            try {
                append(StoreVerifier.checkpointStream(SERVICE), "integrity.checkpoint-signed", EventJson.mapper().writeValueAsString(c));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        byte[] export() throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (StoreExport.Writer w = new StoreExport.Writer(out, SERVICE, T0, SigningKeys.encode(KEYS.getPublic()), checkpoints)) {
                for (StoreExport.ExportedEvent e : events) {
                    w.event(e.position(), e.topic(), e.envelope());
                }
            }
            return out.toByteArray();
        }

        EventEnvelope event(String stream, long version) {
            return events.stream().map(StoreExport.ExportedEvent::envelope)
                    .filter(e -> e.streamId().equals(stream) && e.streamVersion() == version).findFirst().orElseThrow();
        }

        void replace(EventEnvelope old, EventEnvelope now) {
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i).envelope().eventId().equals(old.eventId())) {
                    events.set(i, new StoreExport.ExportedEvent(events.get(i).position(), events.get(i).topic(), now));
                }
            }
        }
    }

    private static Store sampleStore() {
        Store s = new Store();
        for (int i = 1; i <= 5; i++) {
            s.append("req-" + i, "request.submitted", "{\"title\":\"help " + i + "\"}");
        }
        s.append("req-2", "request.closed", "{\"score\":5}");
        s.checkpoint();
        s.append("req-3", "request.cancelled", "{\"reason\":\"moved\"}");
        s.append("req-4", "request.closed", "{\"score\":4}");
        s.checkpoint();
        s.append("req-6", "request.submitted", "{\"title\":\"after the checkpoint\"}");
        return s;
    }

    private static IntegrityReport verify(Store s) throws IOException {
        return verify(s.export(), List.of());
    }

    private static IntegrityReport verify(byte[] export, List<CheckpointSigned> witnessed) throws IOException {
        return StoreExport.verify(new ByteArrayInputStream(export), KEYS.getPublic(), witnessed);
    }

    @Test
    void anUntouchedStoreIsIntact() throws IOException {
        Store s = sampleStore();

        IntegrityReport r = verify(s.export(), s.checkpoints);

        assertThat(r.problems()).isEmpty();
        assertThat(r.intact()).isTrue();
        assertThat(r.events()).isEqualTo(11);
        assertThat(r.streams()).isEqualTo(7);
        assertThat(r.checkpoints()).isEqualTo(2);
        assertThat(r.latestCheckpoint()).isEqualTo(2L);
        assertThat(r.eventsAfterCheckpoint()).isEqualTo(2); // checkpoint #2's own event and req-6
        assertThat(r.signaturesCheckedWith()).isEqualTo(SigningKeys.keyId(KEYS.getPublic()));
    }

    @Test
    void deletingAStreamsLastEventIsFound() throws IOException {
        Store s = sampleStore();
        EventEnvelope last = s.event("req-4", 2);
        s.events.removeIf(e -> e.envelope().eventId().equals(last.eventId()));

        IntegrityReport r = verify(s);

        assertThat(r.intact()).isFalse();
        assertThat(r.firstBadEvent()).isNull(); // every chain that is left holds: only the checkpoints tell
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("checkpoint #2 counts 9 events", "1 were removed"))
                .anySatisfy(p -> assertThat(p).contains("do not give checkpoint #2's root"));
    }

    @Test
    void reHashingAWholeStreamIsFound() throws IOException {
        Store s = sampleStore();
        // a consistent new history for req-3: every hash recomputed, so its own chain holds
        EventEnvelope v1 = s.event("req-3", 1);
        EventEnvelope v2 = s.event("req-3", 2);
        EventEnvelope newV1 = withHash(copy(v1, v1.prevHash(), "{\"title\":\"something else\"}"));
        EventEnvelope newV2 = withHash(copy(v2, newV1.hash(), v2.payload()));
        s.replace(v1, newV1);
        s.replace(v2, newV2);

        IntegrityReport r = verify(s);

        assertThat(r.intact()).isFalse();
        assertThat(r.firstBadEvent()).isNull();
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("do not give checkpoint #2's root"));
    }

    @Test
    void editingAPayloadNamesTheEvent() throws IOException {
        Store s = sampleStore();
        EventEnvelope v1 = s.event("req-2", 1);
        s.replace(v1, copyWithHash(v1, "{\"title\":\"edited\"}", v1.hash()));

        IntegrityReport r = verify(s);

        assertThat(r.intact()).isFalse();
        assertThat(r.firstBadEvent().streamId()).isEqualTo("req-2");
        assertThat(r.firstBadEvent().version()).isEqualTo(1);
        assertThat(r.firstBadEvent().eventId()).isEqualTo(v1.eventId().toString());
        assertThat(r.firstBadEvent().problem()).contains("was altered");
    }

    @Test
    void aForgedCheckpointIsFound() throws IOException {
        Store s = sampleStore();
        // the forger re-hashes a stream and signs a new checkpoint #2 over it with a key of their own
        CheckpointSigned genuine = s.checkpoints.get(1);
        KeyPair forger = SigningKeys.generate();
        CheckpointSigned forged = CheckpointSignatures.sign(SERVICE, 2, genuine.position(), genuine.streams(), genuine.events(),
                "f".repeat(64), genuine.previous(), true, genuine.signedAt(), forger.getPrivate(), forger.getPublic());
        s.checkpoints.set(1, forged);
        // …and, with the genuine key id kept, only the root changed
        CheckpointSigned edited = new CheckpointSigned(SERVICE, 1, s.checkpoints.get(0).position(), s.checkpoints.get(0).streams(),
                s.checkpoints.get(0).events(), "e".repeat(64), CheckpointSignatures.FIRST, true, s.checkpoints.get(0).signedAt(),
                s.checkpoints.get(0).keyId(), s.checkpoints.get(0).signature());
        s.checkpoints.set(0, edited);

        IntegrityReport r = verify(s);

        assertThat(r.intact()).isFalse();
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("checkpoint #1: its signature does not hold"))
                .anySatisfy(p -> assertThat(p).contains("checkpoint #2: its signature does not hold"));
    }

    @Test
    void cuttingOffTheNewestCheckpointIsFoundByTheWitnesses() throws IOException {
        Store s = sampleStore();
        List<CheckpointSigned> witnessed = List.copyOf(s.checkpoints); // what the other services received
        // the administrator removes the last checkpoint and everything after checkpoint #1
        long cut = s.checkpoints.get(0).position() + 1; // keep checkpoint #1's own event
        s.events.removeIf(e -> e.position() > cut);
        s.checkpoints.remove(1);

        assertThat(verify(s.export(), List.of()).intact()).as("consistent on its own").isTrue();
        IntegrityReport r = verify(s.export(), witnessed);

        assertThat(r.intact()).isFalse();
        assertThat(r.problems()).singleElement().asString().contains("checkpoint #2", "which other services witnessed, is missing");
    }

    @Test
    void theCommandLineSaysWhatItFound(@TempDir Path dir) throws IOException {
        Store s = sampleStore();
        Path good = dir.resolve("good.json");
        Files.write(good, s.export());
        EventEnvelope v1 = s.event("req-5", 1);
        s.replace(v1, copyWithHash(v1, "{\"title\":\"edited\"}", v1.hash()));
        Path bad = dir.resolve("bad.json");
        Files.write(bad, s.export());
        String key = SigningKeys.encode(KEYS.getPublic());

        assertThat(VerifyExport.run(new String[] {good.toString(), "--key", key})).isZero();
        assertThat(VerifyExport.run(new String[] {bad.toString(), "--key", key})).isEqualTo(1);
        assertThat(VerifyExport.run(new String[] {dir.resolve("missing.json").toString()})).isEqualTo(2);
        assertThat(VerifyExport.run(new String[] {good.toString(), "--key", "not-a-key"})).isEqualTo(2);
    }

    @Test
    void theMerkleRootIsRfc6962sTreeHash() {
        for (int n = 0; n <= 33; n++) {
            List<byte[]> leaves = new ArrayList<>();
            MerkleTree tree = new MerkleTree();
            for (int i = 0; i < n; i++) {
                byte[] leaf = ("leaf " + i).getBytes(StandardCharsets.UTF_8);
                leaves.add(leaf);
                tree.add(leaf);
            }
            assertThat(tree.root()).as("%d leaves", n).isEqualTo(HexFormat.of().formatHex(mth(leaves)));
        }
    }

    @Test
    void everyLeafsAuditPathLeadsToTheRootAndNoOtherLeafsDoes() {
        for (int n = 1; n <= 33; n++) {
            List<byte[]> leaves = new ArrayList<>();
            MerkleTree tree = new MerkleTree();
            for (int i = 0; i < n; i++) {
                byte[] leaf = MerkleTree.headLeaf("stream-" + i, i + 1, "h" + i);
                leaves.add(leaf);
            }
            for (int i = 0; i < n; i++) {
                tree.addHead("stream-" + i, i + 1, "h" + i);
            }
            String root = tree.root();
            for (int i = 0; i < n; i++) {
                List<String> path = MerkleTree.inclusionProof(leaves, i);
                assertThat(MerkleTree.verifyInclusion(leaves.get(i), i, n, path, root)).as("leaf %d of %d", i, n).isTrue();
                byte[] other = MerkleTree.headLeaf("stream-" + i, i + 1, "changed");
                assertThat(MerkleTree.verifyInclusion(other, i, n, path, root)).as("changed leaf %d of %d", i, n).isFalse();
                if (n > 1) {
                    assertThat(MerkleTree.verifyInclusion(leaves.get(i), (i + 1) % n, n, path, root)).as("moved leaf").isFalse();
                }
            }
        }
    }

    /** RFC 6962 §2.1, written as the recursion it states. */
    private static byte[] mth(List<byte[]> d) {
        if (d.isEmpty()) {
            return sha(new byte[0]);
        }
        if (d.size() == 1) {
            return sha(concat(new byte[] {0}, d.get(0)));
        }
        int k = Integer.highestOneBit(d.size() - 1);
        return sha(concat(new byte[] {1}, concat(mth(d.subList(0, k)), mth(d.subList(k, d.size())))));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static byte[] sha(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static EventEnvelope copy(EventEnvelope e, String prevHash, String payload) {
        return new EventEnvelope(e.eventId(), e.source(), e.type(), e.schemaVersion(), e.streamId(), e.streamVersion(), e.occurredAt(),
                e.actor(), e.correlationId(), e.causationId(), prevHash, null, payload);
    }

    private static EventEnvelope copyWithHash(EventEnvelope e, String payload, String hash) {
        return new EventEnvelope(e.eventId(), e.source(), e.type(), e.schemaVersion(), e.streamId(), e.streamVersion(), e.occurredAt(),
                e.actor(), e.correlationId(), e.causationId(), e.prevHash(), hash, payload);
    }

    private static EventEnvelope withHash(EventEnvelope e) {
        return copyWithHash(e, e.payload(), HashChain.hash(e));
    }
}
