package io.sidan.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.sidan.contracts.envelope.Actor;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.events.RequestEvent;
import io.sidan.eventing.store.AppendResult;
import io.sidan.contracts.envelope.ChainVerification;
import io.sidan.eventing.store.ConcurrencyConflict;
import io.sidan.contracts.envelope.HashChain;
import io.sidan.eventing.store.EventMetadata;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.store.StoredEvent;
import org.junit.jupiter.api.Test;

class EventStoreTest {

    private final EventingFixture f = new EventingFixture();

    @Test
    void appendsAndReadsAStreamWithEnvelopeAndChain() {
        AppendResult first = f.append("s-1", 0, List.of(new RequestEvent.Cancelled("s-1", "a"), new RequestEvent.Cancelled("s-1", "b")));
        AppendResult second = f.append("s-1", 2, List.of(new RequestEvent.Reopened("s-1", "c", 1)));
        assertThat(first.newVersion()).isEqualTo(2);
        assertThat(second.newVersion()).isEqualTo(3);

        List<StoredEvent> stream = f.tx.inTransaction(c -> f.store.readStream(c, "s-1"));
        assertThat(stream).extracting(e -> e.envelope().streamVersion()).containsExactly(1L, 2L, 3L);
        EventEnvelope e1 = stream.get(0).envelope();
        assertThat(e1.type()).isEqualTo("request.cancelled");
        assertThat(e1.source()).isEqualTo("test-service");
        assertThat(e1.actor()).isEqualTo(EventingFixture.TESTER);
        assertThat(e1.prevHash()).isEqualTo(HashChain.GENESIS);
        assertThat(stream.get(1).envelope().prevHash()).isEqualTo(e1.hash());
        assertThat(stream.get(2).envelope().prevHash()).isEqualTo(stream.get(1).envelope().hash());
        assertThat(stream).allMatch(e -> e.topic().equals(f.topic));
        assertThat(f.count("select count(*) from outbox join event_store using (global_position) where stream_id = 's-1'"))
                .as("every appended event waits in the outbox").isEqualTo(3);
        // what was returned by append is exactly what is stored
        assertThat(stream.get(2).envelope()).isEqualTo(second.appended().get(0));
        ChainVerification verification = f.tx.inTransaction(c -> f.store.verify(c, "s-1"));
        assertThat(verification).isEqualTo(ChainVerification.ok("s-1", 3));
    }

    @Test
    void anImportedHistoryIsStoredAsAppendsWouldHaveStoredItButNotPublished() {
        Instant monday = Instant.parse("2025-03-10T01:02:03.456789123Z");
        Actor resident = new Actor(Actor.RESIDENT, "r-1", "居民甲");
        List<StoredEvent> sealed = f.store.seal("old-1", List.of(
                new EventStore.PastEvent(new RequestEvent.Cancelled("old-1", "a \"quoted\", comma\nand line"), monday, resident),
                new EventStore.PastEvent(new RequestEvent.Reopened("old-1", "b", 1), monday.plusSeconds(60), EventingFixture.TESTER)),
                "corr-1");

        long imported = f.tx.inTransaction(c -> f.store.importHistory(c, sealed));
        assertThat(imported).isEqualTo(2);

        List<StoredEvent> stream = f.tx.inTransaction(c -> f.store.readStream(c, "old-1"));
        assertThat(stream).extracting(StoredEvent::envelope).isEqualTo(sealed.stream().map(StoredEvent::envelope).toList());
        assertThat(stream.get(0).envelope().occurredAt()).isEqualTo(Instant.parse("2025-03-10T01:02:03.456789Z"));
        assertThat(stream.get(1).envelope().actor()).isEqualTo(EventingFixture.TESTER);
        assertThat(stream).allMatch(e -> e.globalPosition() > 0 && e.topic().equals(f.topic));
        ChainVerification importedChain = f.tx.inTransaction(c -> f.store.verify(c, "old-1"));
        assertThat(importedChain).isEqualTo(ChainVerification.ok("old-1", 2));
        assertThat(f.count("select count(*) from outbox")).as("a past history is not news").isZero();
        // the stream goes on as if its history had been appended here
        f.append("old-1", 2, List.of(new RequestEvent.Cancelled("old-1", "c")));
        ChainVerification continued = f.tx.inTransaction(c -> f.store.verify(c, "old-1"));
        assertThat(continued).isEqualTo(ChainVerification.ok("old-1", 3));
    }

    @Test
    void readsSeveralStreamsAtOnceEachInVersionOrder() {
        f.append("m-1", 0, List.of(new RequestEvent.Cancelled("m-1", "a")));
        f.append("m-2", 0, List.of(new RequestEvent.Cancelled("m-2", "b"), new RequestEvent.Reopened("m-2", "c", 1)));
        f.append("m-1", 1, List.of(new RequestEvent.Reopened("m-1", "d", 1)));
        f.append("m-3", 0, List.of(new RequestEvent.Cancelled("m-3", "not asked for")));

        var streams = f.tx.inTransaction(c -> f.store.readStreams(c, List.of("m-1", "m-2", "m-unknown")));

        assertThat(streams).containsOnlyKeys("m-1", "m-2");
        assertThat(streams.get("m-1")).extracting(e -> e.envelope().type()).containsExactly("request.cancelled", "request.reopened");
        assertThat(streams.get("m-2")).extracting(e -> e.envelope().streamVersion()).containsExactly(1L, 2L);
        assertThat(streams.get("m-1")).isEqualTo(f.tx.inTransaction(c -> f.store.readStream(c, "m-1")));
    }

    @Test
    void handsOverTheStreamsBegunByATypeInTheOrderTheyBeganAChunkAtATime() {
        f.append("k-2", 0, List.of(new RequestEvent.Cancelled("k-2", "first to begin")));
        f.append("k-1", 0, List.of(new RequestEvent.Cancelled("k-1", "second")));
        f.append("k-2", 1, List.of(new RequestEvent.Cancelled("k-2", "a later cancel begins nothing")));
        f.append("k-3", 0, List.of(new RequestEvent.Cancelled("k-3", "third"), new RequestEvent.Reopened("k-3", "x", 1)));
        f.append("k-4", 0, List.of(new RequestEvent.Reopened("k-4", "begun by another type", 1)));

        List<List<String>> chunks = new ArrayList<>();
        Map<String, List<StoredEvent>> seen = new HashMap<>();
        long handedOver = f.tx.inTransaction(c -> f.store.forEachChunkOfStreams(c, "request.cancelled", 2, (ids, streams) -> {
            chunks.add(List.copyOf(ids));
            assertThat(streams).containsOnlyKeys(ids);
            seen.putAll(streams);
        }));

        List<String> mine = chunks.stream().flatMap(List::stream).filter(id -> id.startsWith("k-")).toList();
        assertThat(mine).containsExactly("k-2", "k-1", "k-3");
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk).hasSizeLessThanOrEqualTo(2));
        assertThat(seen.get("k-2")).extracting(e -> e.envelope().streamVersion()).containsExactly(1L, 2L);
        assertThat(seen.get("k-3")).isEqualTo(f.tx.inTransaction(c -> f.store.readStream(c, "k-3")));
        assertThat(handedOver).isEqualTo(seen.values().stream().mapToLong(List::size).sum());
    }

    @Test
    void aStaleOrFutureExpectedVersionIsAConflictAndWritesNothing() {
        f.append("s-2", 0, List.of(new RequestEvent.Cancelled("s-2", "a")));
        f.append("s-2", 1, List.of(new RequestEvent.Cancelled("s-2", "b")));

        assertThatThrownBy(() -> f.append("s-2", 1, List.of(new RequestEvent.Cancelled("s-2", "late"))))
                .isInstanceOf(ConcurrencyConflict.class);
        assertThatThrownBy(() -> f.append("s-2", 0, List.of(new RequestEvent.Cancelled("s-2", "again"))))
                .isInstanceOf(ConcurrencyConflict.class);
        assertThatThrownBy(() -> f.append("s-2", 5, List.of(new RequestEvent.Cancelled("s-2", "ahead"))))
                .isInstanceOf(ConcurrencyConflict.class)
                .satisfies(e -> assertThat(((ConcurrencyConflict) e).actualVersion()).isEqualTo(2));
        assertThat(f.count("select count(*) from event_store where stream_id = 's-2'")).isEqualTo(2);
    }

    @Test
    void aStartThatMayRepeatWritesTheStreamOnceAndAfterwardsLeavesItAsItIs() {
        var started = f.tx.inTransaction(c -> f.store.appendIfNew(c, "once", List.of(new RequestEvent.Cancelled("once", "a"),
                new RequestEvent.Cancelled("once", "b")), EventMetadata.by(EventingFixture.TESTER)));
        assertThat(started).hasValueSatisfying(r -> assertThat(r.newVersion()).isEqualTo(2));
        var again = f.tx.inTransaction(c -> f.store.appendIfNew(c, "once", List.of(new RequestEvent.Cancelled("once", "x"),
                new RequestEvent.Cancelled("once", "y"), new RequestEvent.Cancelled("once", "z")), EventMetadata.by(EventingFixture.TESTER)));
        assertThat(again).isEmpty();

        List<StoredEvent> stream = f.tx.inTransaction(c -> f.store.readStream(c, "once"));
        assertThat(stream).extracting(StoredEvent::envelope).isEqualTo(started.get().appended());
        ChainVerification chain = f.tx.inTransaction(c -> f.store.verify(c, "once"));
        assertThat(chain).isEqualTo(ChainVerification.ok("once", 2));
        assertThat(f.count("select count(*) from outbox join event_store using (global_position) where stream_id = 'once'"))
                .as("only what was written waits in the outbox").isEqualTo(2);
    }

    @Test
    void concurrentStartsThatMayRepeatWriteOneStream() throws Exception {
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CyclicBarrier start = new CyclicBarrier(writers);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String text = "writer " + w;
                results.add(pool.submit(() -> {
                    start.await();
                    return f.tx.inTransaction(c -> f.store.appendIfNew(c, "first-wins", List.of(
                            new RequestEvent.Cancelled("first-wins", text)), EventMetadata.by(EventingFixture.TESTER))).isPresent();
                }));
            }
            int written = 0;
            for (Future<Boolean> r : results) {
                written += r.get() ? 1 : 0; // none fails: the others wait for the first and find the stream started
            }
            assertThat(written).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(f.count("select count(*) from event_store where stream_id = 'first-wins'")).isEqualTo(1);
    }

    @Test
    void concurrentAppendsAtOneVersionHaveExactlyOneWinner() throws Exception {
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < 20; round++) {
                long expected = round;
                CyclicBarrier start = new CyclicBarrier(writers);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    String text = "round " + round + " writer " + w;
                    results.add(pool.submit(() -> {
                        start.await();
                        try {
                            f.append("race", expected, List.of(new RequestEvent.Cancelled("race", text)));
                            return true;
                        } catch (ConcurrencyConflict e) {
                            return false;
                        }
                    }));
                }
                int winners = 0;
                for (Future<Boolean> r : results) {
                    winners += r.get() ? 1 : 0;
                }
                assertThat(winners).as("winners in round " + round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        List<Long> versions = f.tx.inTransaction(c -> f.longs(c, "select version from event_store where stream_id = 'race' order by version"));
        assertThat(versions).hasSize(20).isEqualTo(java.util.stream.LongStream.rangeClosed(1, 20).boxed().toList());
        assertThat(f.tx.inTransaction(c -> f.store.verify(c, "race")).valid()).isTrue();
    }

    @Test
    void writersThatRetryOnConflictProduceAGapFreeStream() throws Exception {
        int writers = 6;
        int perWriter = 40;
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Callable<Integer>> jobs = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            jobs.add(() -> {
                for (int i = 0; i < perWriter; i++) {
                    while (true) {
                        try {
                            f.appendNext("busy", "w" + writer + "-" + i);
                            break;
                        } catch (ConcurrencyConflict e) {
                            conflicts.incrementAndGet();
                        }
                    }
                }
                return perWriter;
            });
        }
        try {
            for (Future<Integer> done : pool.invokeAll(jobs)) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<Long> versions = f.tx.inTransaction(c -> f.longs(c, "select version from event_store where stream_id = 'busy' order by version"));
        assertThat(versions).hasSize(writers * perWriter);
        assertThat(versions.get(versions.size() - 1)).isEqualTo(writers * perWriter);
        assertThat(Collections.max(versions)).isEqualTo(versions.size()); // 1..n, no gaps
        assertThat(f.tx.inTransaction(c -> f.store.verify(c, "busy")).valid()).isTrue();
    }

    @Test
    void anEventEditedWithSqlIsNamedByVerify() {
        for (int i = 0; i < 5; i++) {
            f.appendNext("audit", "fact " + i);
        }
        f.sql("update event_store set payload = '{\"reason\":\"rewritten\",\"requestId\":\"audit\"}' "
                + "where stream_id = 'audit' and version = 3");
        ChainVerification v = f.tx.inTransaction(c -> f.store.verify(c, "audit"));
        assertThat(v.valid()).isFalse();
        assertThat(v.brokenVersion()).isEqualTo(3);
        assertThat(v.problem()).contains("version 3").contains("altered");
    }

    @Test
    void aForgedHashIsCaughtAtTheNextLinkAndADeletedEventAsAGap() {
        for (int i = 0; i < 4; i++) {
            f.appendNext("forged", "fact " + i);
            f.appendNext("holes", "fact " + i);
        }
        // an attacker who rewrites an event and recomputes its hash still breaks the link that follows
        f.sql("update event_store set actor_name = 'someone else', hash = repeat('f', 64) "
                + "where stream_id = 'forged' and version = 2");
        ChainVerification forged = f.tx.inTransaction(c -> f.store.verify(c, "forged"));
        assertThat(forged.valid()).isFalse();
        assertThat(forged.brokenVersion()).isEqualTo(2);

        f.sql("delete from event_store where stream_id = 'holes' and version = 2");
        ChainVerification holes = f.tx.inTransaction(c -> f.store.verify(c, "holes"));
        assertThat(holes.valid()).isFalse();
        assertThat(holes.brokenVersion()).isEqualTo(2);
        assertThat(holes.problem()).contains("missing");
    }

    @Test
    void theRelaysReadPassesOverEntriesInFlightAndTakesOutTheAcknowledgedOnes() {
        for (int i = 0; i < 10; i++) {
            f.appendNext("relay-read", "fact " + i);
        }
        List<Long> first = f.tx.inTransaction(c -> f.store.readUnpublished(c, 4)).stream().map(StoredEvent::globalPosition).toList();
        // the next batch while the first is in flight: neither sent again nor taken out yet
        List<StoredEvent> second = f.tx.inTransaction(c -> f.store.takePublishedAndReadNext(c, List.of(), first, 3));
        assertThat(second).extracting(e -> e.envelope().streamVersion()).containsExactly(5L, 6L, 7L);
        assertThat(f.count("select count(*) from outbox")).isEqualTo(10);
        // the first acknowledged, the second in flight: the first taken out, the rest read
        List<Long> secondPositions = second.stream().map(StoredEvent::globalPosition).toList();
        List<StoredEvent> third = f.tx.inTransaction(c -> f.store.takePublishedAndReadNext(c, first, secondPositions, 10));
        assertThat(third).extracting(e -> e.envelope().streamVersion()).containsExactly(8L, 9L, 10L);
        assertThat(f.count("select count(*) from outbox")).isEqualTo(6);
    }

    @Test
    void aFailedTransactionLeavesNoEvents() {
        assertThatThrownBy(() -> f.tx.inTransaction(c -> {
            f.store.append(c, "rollback", 0, List.of(new RequestEvent.Cancelled("rollback", "x")),
                    io.sidan.eventing.store.EventMetadata.by(EventingFixture.TESTER));
            throw new IllegalStateException("the command failed after the append");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(f.count("select count(*) from event_store where stream_id = 'rollback'")).isZero();
    }
}
