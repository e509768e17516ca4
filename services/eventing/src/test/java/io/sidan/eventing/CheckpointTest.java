package io.sidan.eventing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.envelope.EventJson;
import io.sidan.contracts.envelope.HashChain;
import io.sidan.contracts.events.IntegrityEvent.CheckpointSigned;
import io.sidan.contracts.integrity.CheckpointSignatures;
import io.sidan.contracts.integrity.IntegrityReport;
import io.sidan.contracts.integrity.SigningKeys;
import io.sidan.contracts.integrity.StoreExport;
import io.sidan.contracts.integrity.StoreVerifier;
import io.sidan.eventing.access.AccessLog;
import io.sidan.eventing.integrity.Checkpointer;
import io.sidan.eventing.integrity.CheckpointWitness;
import io.sidan.eventing.integrity.SigningIdentity;
import io.sidan.eventing.integrity.StoreIntegrity;
import io.sidan.eventing.store.StoredEvent;
import io.sidan.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Signed checkpoints on a real store: each way a database administrator could rewrite history is found
 * online (the service checking its own database) and offline (the export checked without one), and the
 * other services' witness raises the alarm when the rewritten service signs its next checkpoint.
 */
class CheckpointTest {

    private static final KeyPair KEYS = SigningKeys.generate();

    private final EventingFixture f = new EventingFixture();
    private final Checkpointer checkpointer = new Checkpointer(f.store, new SigningIdentity(KEYS.getPrivate(), KEYS.getPublic()),
            Clock.systemUTC(), Duration.ZERO, Duration.ZERO);
    private final CheckpointWitness witness = new CheckpointWitness(Map.of("test-service", KEYS.getPublic()), Clock.systemUTC());

    /** Checks the store itself once a day of {@link #clock}; checkpoints in between read only what is new. */
    private final MutableClock clock = MutableClock.get();
    private final Checkpointer incremental = new Checkpointer(f.store, new SigningIdentity(KEYS.getPrivate(), KEYS.getPublic()),
            clock, Duration.ZERO, Duration.ofDays(1));

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private Optional<CheckpointSigned> checkpoint() {
        return f.tx.inTransaction(checkpointer::checkpoint);
    }

    private CheckpointSigned incrementalCheckpoint() {
        return f.tx.inTransaction(incremental::checkpoint).orElseThrow();
    }

    /** {@link #history()} signed by the incremental checkpointer. */
    private List<CheckpointSigned> incrementalHistory() {
        return history(incremental);
    }

    private List<String> witness(CheckpointSigned cp) {
        return f.tx.inTransaction(c -> witness.receive(c, cp));
    }

    private List<CheckpointWitness.Alarm> alarms() {
        return f.tx.inTransaction(c -> CheckpointWitness.alarms(c, 10));
    }

    private List<CheckpointSigned> witnessed() {
        return f.tx.inTransaction(c -> CheckpointWitness.witnessed(c, "test-service"));
    }

    private IntegrityReport online() {
        return f.tx.inTransaction(c -> StoreIntegrity.check(c, f.store, KEYS.getPublic()));
    }

    private IntegrityReport offline() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        f.tx.inTransaction(c -> {
            StoreIntegrity.export(c, f.store, KEYS.getPublic(), Instant.now(), out);
            return null;
        });
        try {
            return StoreExport.verify(new ByteArrayInputStream(out.toByteArray()), KEYS.getPublic(), List.of());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An export of some streams (a case file), checked offline. */
    private IntegrityReport offlineStreams(String... streams) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        f.tx.inTransaction(c -> {
            StoreIntegrity.exportStreams(c, f.store, KEYS.getPublic(), List.of(streams), Instant.now(), out);
            return null;
        });
        try {
            return StoreExport.verify(new ByteArrayInputStream(out.toByteArray()), KEYS.getPublic(), witnessed());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Five streams, a checkpoint, more events, a second checkpoint: each witnessed as the other services would. */
    private List<CheckpointSigned> history() {
        return history(checkpointer);
    }

    private List<CheckpointSigned> history(Checkpointer by) {
        for (int i = 1; i <= 5; i++) {
            f.appendNext("s-" + i, "first " + i);
        }
        f.appendNext("s-2", "second");
        CheckpointSigned first = f.tx.inTransaction(by::checkpoint).orElseThrow();
        f.appendNext("s-3", "second");
        f.appendNext("s-4", "second");
        CheckpointSigned second = f.tx.inTransaction(by::checkpoint).orElseThrow();
        assertThat(witness(first)).isEmpty();
        assertThat(witness(second)).isEmpty();
        return List.of(first, second);
    }

    @Test
    void checkpointsCountAndChainTheStoreAndAnUntouchedStoreIsIntact() {
        List<CheckpointSigned> cps = history();

        assertThat(cps.get(0).sequence()).isEqualTo(1);
        assertThat(cps.get(0).events()).isEqualTo(6);
        assertThat(cps.get(0).streams()).isEqualTo(5);
        assertThat(cps.get(0).previous()).isEqualTo(CheckpointSignatures.FIRST);
        assertThat(cps.get(1).sequence()).isEqualTo(2);
        assertThat(cps.get(1).events()).isEqualTo(9); // with checkpoint #1's own event
        assertThat(cps.get(1).streams()).isEqualTo(6);
        assertThat(cps.get(1).previous()).isEqualTo(CheckpointSignatures.digest(cps.get(0)));
        assertThat(cps).allMatch(CheckpointSigned::previousHolds).allMatch(cp -> CheckpointSignatures.verify(cp, KEYS.getPublic()));
        assertThat(checkpoint()).as("nothing new but the last checkpoint itself").isEmpty();
        assertThat(witness(cps.get(1))).as("a redelivery").isEmpty();

        IntegrityReport online = online();
        assertThat(online.problems()).isEmpty();
        assertThat(online.intact()).isTrue();
        assertThat(online.latestCheckpoint()).isEqualTo(2L);
        assertThat(offline()).isEqualTo(online);
        assertThat(alarms()).isEmpty();
    }

    @Test
    void cuttingEntriesOffTheEndOfTheAccessLogIsFoundOnlineAndByTheWitness() {
        AccessLog log = new AccessLog(Clock.systemUTC());
        for (int i = 0; i < 3; i++) {
            f.tx.inTransaction(c -> log.record(c, EventingFixture.TESTER, "r-1", List.of("contactPhone"), "dispatch"));
        }
        f.appendNext("s-1", "x");
        CheckpointSigned first = checkpoint().orElseThrow();
        assertThat(witness(first)).isEmpty();
        assertThat(first.accessLogSeq()).isEqualTo(3L);
        assertThat(online().problems()).isEmpty();

        f.sql("alter table personal_data_access disable trigger personal_data_access_append_only; "
                + "delete from personal_data_access where seq = 3; "
                + "alter table personal_data_access enable trigger personal_data_access_append_only");

        assertThat(online().problems()).singleElement().asString().contains("entry #3, which checkpoint #1 signed, is missing");
        f.appendNext("s-2", "y");
        CheckpointSigned second = checkpoint().orElseThrow();
        assertThat(second.previousHolds()).isFalse();
        assertThat(second.accessLogSeq()).isEqualTo(2L);
        assertThat(witness(second)).singleElement().asString().contains("no longer gives checkpoint #1");
    }

    @Test
    void theTreeOrderIsTheSameInTheDatabaseAndInTheVerifierWhateverTheCharacters() {
        // orders that differ between collations: case, accents, Chinese, digits
        for (String stream : List.of("b-2", "B-1", "a-10", "a-9", "é-1", "e-1", "中文-1", "Zed", "z", "团队:蓝天")) {
            f.appendNext(stream, "x");
        }
        CheckpointSigned cp = checkpoint().orElseThrow();

        assertThat(cp.streams()).isEqualTo(10);
        assertThat(online().problems()).isEmpty();
        assertThat(offline().problems()).isEmpty();
        assertThat(offlineStreams("中文-1", "B-1", "z").problems()).isEmpty();
    }

    @Test
    void aCaseFileExportProvesItsStreamsAgainstTheNewestCheckpoint() {
        history();
        f.appendNext("s-7", "after the checkpoint");

        IntegrityReport r = offlineStreams("s-3", "s-4", "s-7");
        assertThat(r.problems()).isEmpty();
        assertThat(r.intact()).isTrue();
        assertThat(r.streams()).isEqualTo(3);
        assertThat(r.events()).isEqualTo(5);
        assertThat(r.latestCheckpoint()).isEqualTo(2L);
        assertThat(r.eventsAfterCheckpoint()).as("s-7 is not signed yet").isEqualTo(1);
    }

    @Test
    void aCaseFileWithItsLastSignedEventDeletedNamesIt() {
        history();
        f.sql("delete from outbox; delete from event_store where stream_id = 's-4' and version = 2");

        IntegrityReport r = offlineStreams("s-4");
        assertThat(r.intact()).isFalse();
        // the service proves what its tampered database holds now: version 1, which is not the signed head
        assertThat(r.problems()).singleElement().asString().contains("stream s-4", "is not in checkpoint #2's tree");
    }

    @Test
    void aCaseFileOfAReHashedStreamOrAnEditedEventDoesNotVerify() {
        history();
        reHash("s-3", "second", "rewritten");
        f.sql("update event_store set payload = replace(payload::text, 'first 1', 'edited')::json where stream_id = 's-1'");

        assertThat(offlineStreams("s-3").problems()).singleElement().asString().contains("is not in checkpoint #2's tree");
        IntegrityReport edited = offlineStreams("s-1");
        assertThat(edited.firstBadEvent().streamId()).isEqualTo("s-1");
        assertThat(edited.firstBadEvent().problem()).contains("was altered");
        // a proof is made from the store as it is: with another stream's head changed, no path leads to the signed root
        assertThat(offlineStreams("s-2").problems()).singleElement().asString().contains("changed elsewhere");
    }

    @Test
    void deletingTheLastEventsIsFoundOnlineOfflineAndByTheWitness() {
        history();
        f.sql("delete from outbox; delete from event_store where stream_id = 's-4' and version = 2");

        assertThat(online().problems()).anySatisfy(p -> assertThat(p).contains("1 were removed"))
                .anySatisfy(p -> assertThat(p).contains("do not give checkpoint #2's root"));
        assertThat(offline().intact()).isFalse();

        f.appendNext("s-6", "later");
        CheckpointSigned third = checkpoint().orElseThrow();
        assertThat(third.previousHolds()).isFalse();
        assertThat(witness(third)).singleElement().asString().contains("no longer gives checkpoint #2");
    }

    @Test
    void reHashingAWholeStreamIsFound() {
        history();
        reHash("s-3", "first 3", "rewritten");

        IntegrityReport online = online();
        assertThat(online.firstBadEvent()).as("its own chain holds").isNull();
        assertThat(online.problems()).anySatisfy(p -> assertThat(p).contains("do not give checkpoint #2's root"));
        assertThat(offline().problems()).isEqualTo(online.problems());
    }

    @Test
    void editingAPayloadNamesTheEvent() {
        history();
        f.sql("update event_store set payload = replace(payload::text, 'first 1', 'edited')::json where stream_id = 's-1'");

        IntegrityReport online = online();
        assertThat(online.firstBadEvent().streamId()).isEqualTo("s-1");
        assertThat(online.firstBadEvent().version()).isEqualTo(1);
        assertThat(online.firstBadEvent().problem()).contains("was altered");
        assertThat(offline().firstBadEvent()).isEqualTo(online.firstBadEvent());
    }

    @Test
    void aForgedCheckpointIsFound() {
        history();
        // the administrator rewrites checkpoint #2 with another root and re-hashes its event, so the chain holds
        f.tx.inTransaction(c -> {
            StoredEvent e = f.store.readStream(c, StoreVerifier.checkpointStream("test-service")).get(1);
            CheckpointSigned cp = EventJson.mapper().readValue(e.envelope().payload(), CheckpointSigned.class);
            CheckpointSigned forged = new CheckpointSigned(cp.service(), cp.sequence(), cp.position(), cp.streams(), cp.events(),
                    "0".repeat(64), cp.previous(), true, cp.signedAt(), cp.keyId(), cp.signature());
            String payload = EventJson.mapper().writeValueAsString(forged);
            EventEnvelope v = e.envelope();
            String hash = HashChain.hash(new EventEnvelope(v.eventId(), v.source(), v.type(), v.schemaVersion(), v.streamId(),
                    v.streamVersion(), v.occurredAt(), v.actor(), v.correlationId(), v.causationId(), v.prevHash(), null, payload));
            update(c, e.globalPosition(), payload, v.prevHash(), hash);
            return null;
        });

        IntegrityReport online = online();
        assertThat(online.problems()).anySatisfy(p -> assertThat(p).contains("checkpoint #2: its signature does not hold"))
                .anySatisfy(p -> assertThat(p).contains("checkpoint #2 in the store differs from the copy other services witnessed"));
        assertThat(offline().problems()).anySatisfy(p -> assertThat(p).contains("checkpoint #2: its signature does not hold"));
    }

    @Test
    void theWitnessRaisesAnAlarmForCheckpointsThatDoNotFollow() {
        List<CheckpointSigned> cps = history();
        KeyPair other = SigningKeys.generate();
        CheckpointSigned genuine = cps.get(1);
        CheckpointSigned forged = CheckpointSignatures.sign("test-service", 3, genuine.position() + 1, genuine.streams(),
                genuine.events() + 1, genuine.root(), CheckpointSignatures.digest(genuine), true, Instant.now(), other.getPrivate(),
                other.getPublic());
        CheckpointSigned restarted = CheckpointSignatures.sign("test-service", 1, genuine.position() + 5, genuine.streams(),
                genuine.events(), genuine.root(), CheckpointSignatures.FIRST, true, Instant.now(), KEYS.getPrivate(), KEYS.getPublic());
        CheckpointSigned skipping = CheckpointSignatures.sign("test-service", 5, genuine.position() + 9, genuine.streams(),
                genuine.events(), genuine.root(), "a".repeat(64), true, Instant.now(), KEYS.getPrivate(), KEYS.getPublic());

        assertThat(witness(forged)).singleElement().asString().contains("not signed by its key");
        assertThat(witness(restarted)).singleElement().asString().contains("signed two different checkpoints #1");
        assertThat(witness(skipping)).singleElement().asString().contains("#3 to #4 of test-service never arrived");
        assertThat(alarms()).hasSize(3);
        assertThat(witnessed()).extracting(CheckpointSigned::sequence)
                .containsExactly(1L, 2L, 5L);
    }

    /** A consistent new history for a stream: some text replaced in its payloads and every hash recomputed. */
    @Test
    void checkpointsBetweenStoreChecksSignTheSameRootsAsTheStoreGives() {
        List<CheckpointSigned> cps = incrementalHistory();
        f.appendNext("s-1", "second");
        f.appendNext("s-6", "a new stream");
        f.appendNext("中文-1", "sorted among the others by its bytes");
        CheckpointSigned third = incrementalCheckpoint();

        assertThat(cps).allMatch(CheckpointSigned::previousHolds);
        assertThat(third.previousHolds()).isTrue();
        assertThat(third.streams()).isEqualTo(8); // 7 streams and checkpoint:test-service
        assertThat(third.events()).isEqualTo(13); // 11 events and two checkpoints
        assertThat(third.previous()).isEqualTo(CheckpointSignatures.digest(cps.get(1)));
        assertThat(witness(third)).isEmpty();
        // the online check derives the newest root from the store itself
        assertThat(online().problems()).isEmpty();
        assertThat(online().latestCheckpoint()).isEqualTo(3L);
    }

    @Test
    void aDormantStreamReHashedInTheStoreIsFoundAtTheNextStoreCheckAndNotSigned() {
        incrementalHistory();
        reHash("s-5", "first 5", "rewritten");
        f.appendNext("s-1", "second");

        CheckpointSigned between = incrementalCheckpoint();
        assertThat(between.previousHolds()).as("s-5 was not appended to and the store is checked once a day").isTrue();
        assertThat(witness(between)).isEmpty();
        assertThat(online().problems()).as("but its old head is what was signed")
                .anySatisfy(p -> assertThat(p).contains("do not give checkpoint #3's root"));

        clock.advance(Duration.ofDays(1));
        f.appendNext("s-2", "third");
        CheckpointSigned checked = incrementalCheckpoint();
        assertThat(checked.previousHolds()).isFalse();
        assertThat(witness(checked)).singleElement().asString().contains("no longer gives checkpoint #3");
    }

    @Test
    void aCheckpointAskedToCheckTheStoreDoesSoWhateverTheClock() {
        incrementalHistory();
        f.sql("delete from outbox; delete from event_store where stream_id = 's-4' and version = 2");
        f.appendNext("s-1", "second");

        CheckpointSigned checked = f.tx.inTransaction(c -> incremental.checkpoint(c, true)).orElseThrow();
        assertThat(checked.previousHolds()).isFalse();
        assertThat(checked.events()).as("counted in the store as it is now, one fewer").isEqualTo(10);
    }

    @Test
    void aReHashedStreamAppendedToIsFoundAtTheNextCheckpoint() {
        incrementalHistory();
        reHash("s-3", "first 3", "rewritten");
        f.appendNext("s-3", "third");

        CheckpointSigned third = incrementalCheckpoint();
        assertThat(third.previousHolds()).isFalse();
        assertThat(witness(third)).singleElement().asString().contains("no longer gives checkpoint #2");
        // having said so, it signs what the store holds now
        assertThat(online().problems()).noneSatisfy(p -> assertThat(p).contains("do not give checkpoint #3's root"));
    }

    @Test
    void editingTheSignedHeadsWithTheStoreIsFoundAtTheNextCheckpoint() {
        incrementalHistory();
        reHash("s-3", "first 3", "rewritten");
        // the administrator also puts the re-hashed head where the next checkpoint takes the heads from
        f.sql("update checkpoint_head set hash = (select hash from event_store where stream_id = 's-3' and version = 2) "
                + "where stream_id = 's-3'");
        f.appendNext("s-1", "second");

        CheckpointSigned third = incrementalCheckpoint();
        assertThat(third.previousHolds()).isFalse();
        assertThat(witness(third)).singleElement().asString().contains("no longer gives checkpoint #2");
    }

    @Test
    void withoutTheSignedHeadsTheyAreTakenFromTheStoreAndChecked() {
        // as after an upgrade to a version that keeps them, or with the table emptied
        List<CheckpointSigned> cps = incrementalHistory();
        f.sql("truncate checkpoint_head; delete from checkpoint_heads_of");
        f.appendNext("s-6", "new");

        CheckpointSigned third = incrementalCheckpoint();
        assertThat(third.previousHolds()).isTrue();
        assertThat(third.streams()).isEqualTo(cps.get(1).streams() + 1);
        assertThat(online().problems()).isEmpty();

        f.sql("delete from outbox; delete from event_store where stream_id = 's-4' and version = 2");
        f.sql("delete from checkpoint_heads_of");
        f.appendNext("s-6", "newer");
        CheckpointSigned fourth = incrementalCheckpoint();
        assertThat(fourth.previousHolds()).as("the heads taken from the store do not give checkpoint #3's root").isFalse();
    }

    private void reHash(String stream, String from, String to) {
        f.tx.inTransaction(c -> {
            String prev = HashChain.GENESIS;
            for (StoredEvent e : f.store.readStream(c, stream)) {
                EventEnvelope v = e.envelope();
                EventEnvelope unsigned = new EventEnvelope(v.eventId(), v.source(), v.type(), v.schemaVersion(), v.streamId(),
                        v.streamVersion(), v.occurredAt(), v.actor(), v.correlationId(), v.causationId(), prev, null,
                        v.payload().replace(from, to));
                String hash = HashChain.hash(unsigned);
                update(c, e.globalPosition(), unsigned.payload(), prev, hash);
                prev = hash;
            }
            return null;
        });
    }

    private static void update(Connection c, long position, String payload, String prev, String hash) throws Exception {
        try (PreparedStatement s = c.prepareStatement("update event_store set payload = ?::json, prev_hash = ?, hash = ? "
                + "where global_position = ?")) {
            s.setString(1, payload);
            s.setString(2, prev);
            s.setString(3, hash);
            s.setLong(4, position);
            s.executeUpdate();
        }
    }
}
