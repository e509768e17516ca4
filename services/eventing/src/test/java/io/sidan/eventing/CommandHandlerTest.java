package io.sidan.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.sidan.contracts.domain.Decider;
import io.sidan.contracts.domain.Rejection;
import io.sidan.contracts.events.RequestEvent;
import io.sidan.eventing.command.CommandHandler;
import io.sidan.eventing.command.StaleVersion;
import io.sidan.eventing.store.ConcurrencyConflict;
import io.sidan.eventing.store.EventMetadata;
import org.junit.jupiter.api.Test;

/** The one command path, with a tiny decider: a stream of reasons that counts them and refuses a fourth. */
class CommandHandlerTest {

    /** Commands: add a reason (cancel events stand in for any event). */
    record Add(String reason) {
    }

    static final Decider<Integer, Add, RequestEvent> COUNTER = new Decider<>() {
        @Override
        public Integer initialState() {
            return 0;
        }

        @Override
        public List<RequestEvent> decide(Add command, Integer count) {
            if (command.reason().isEmpty()) {
                return List.of(); // nothing to do
            }
            if (count >= 3) {
                throw new Rejection("three reasons are enough", "FULL");
            }
            return List.of(new RequestEvent.Cancelled("s", command.reason()));
        }

        @Override
        public Integer evolve(Integer count, RequestEvent event, Instant at) {
            return count + 1;
        }

        @Override
        public Class<RequestEvent> eventType() {
            return RequestEvent.class;
        }
    };

    private final EventingFixture f = new EventingFixture();
    private final CommandHandler<Integer, Add, RequestEvent> handler = new CommandHandler<>(f.store, COUNTER);
    private final EventMetadata by = EventMetadata.by(EventingFixture.TESTER);

    @Test
    void givenAStreamWhenACommandComesThenItsEventsAreAppendedAtTheNextVersionAndGivenBackDecoded() {
        f.tx.inTransaction(c -> handler.start(c, "s1", new Add("first"), by));
        var outcome = f.tx.inTransaction(c -> handler.handle(c, "s1", count -> new Add("second after " + count), by,
                OptionalLong.of(1)));
        assertThat(outcome.version()).isEqualTo(2);
        assertThat(outcome.state()).isEqualTo(2);
        assertThat(outcome.appended()).hasSize(1);
        assertThat(((RequestEvent.Cancelled) outcome.appended().getFirst().event()).reason()).isEqualTo("second after 1");
        assertThat(outcome.appended().getFirst().envelope().streamVersion()).isEqualTo(2);
        assertThat(outcome.stream()).hasSize(2);
        assertThat(f.count("select count(*) from event_store where stream_id = 's1'")).isEqualTo(2);
    }

    @Test
    void aCommandThatDecidesNothingAppendsNothing() {
        f.tx.inTransaction(c -> handler.start(c, "s2", new Add("first"), by));
        var outcome = f.tx.inTransaction(c -> handler.handle(c, "s2", count -> new Add(""), by, OptionalLong.empty()));
        assertThat(outcome.changed()).isFalse();
        assertThat(outcome.version()).isEqualTo(1);
    }

    @Test
    void aStaleExpectedVersionIsRefusedAndAppendsNothing() {
        f.tx.inTransaction(c -> handler.start(c, "s3", new Add("first"), by));
        assertThatThrownBy(() -> f.tx.inTransaction(c -> handler.handle(c, "s3", count -> new Add("late"), by, OptionalLong.of(0))))
                .isInstanceOf(StaleVersion.class).satisfies(e -> assertThat(((StaleVersion) e).current()).isEqualTo(1));
        assertThat(f.count("select count(*) from event_store where stream_id = 's3'")).isEqualTo(1);
    }

    @Test
    void aRejectionFromTheDeciderReachesTheCaller() {
        for (String r : List.of("a", "b", "c")) {
            f.tx.inTransaction(c -> handler.handle(c, "s4", count -> new Add(r), by, OptionalLong.empty()));
        }
        assertThatThrownBy(() -> f.tx.inTransaction(c -> handler.handle(c, "s4", count -> new Add("d"), by, OptionalLong.empty())))
                .isInstanceOf(Rejection.class).hasMessageContaining("three reasons");
    }

    @Test
    void fromASnapshotOnlyTheEventsAfterItAreFoldedAndGivenBack() {
        for (String r : List.of("a", "b")) {
            f.tx.inTransaction(c -> handler.handle(c, "s7", count -> new Add(r), by, OptionalLong.empty()));
        }
        // a snapshot kept at version 1 (the state it says, -10, is not what folding the stream gives: only the
        // event after it is folded on, so what comes out shows what was read)
        var outcome = f.tx.inTransaction(c -> handler.handleFrom(c, "s7", new CommandHandler.Snapshot<>(-10, 1),
                count -> new Add("after " + count), by, OptionalLong.of(2)));
        assertThat(outcome.version()).isEqualTo(3);
        assertThat(outcome.state()).isEqualTo(-8);
        assertThat(((RequestEvent.Cancelled) outcome.appended().getFirst().event()).reason()).isEqualTo("after -9");
        assertThat(outcome.history()).extracting(a -> ((RequestEvent.Cancelled) a.event()).reason()).containsExactly("b", "after -9");
        assertThat(outcome.stream()).extracting(e -> e.envelope().streamVersion()).containsExactly(1L, 2L, 3L);
        // the version checked is the stream's, not the snapshot's
        assertThatThrownBy(() -> f.tx.inTransaction(c -> handler.handleFrom(c, "s7", new CommandHandler.Snapshot<>(-8, 3),
                count -> new Add("late"), by, OptionalLong.of(2)))).isInstanceOf(StaleVersion.class);
        var upToDate = f.tx.inTransaction(c -> handler.handleFrom(c, "s7", new CommandHandler.Snapshot<>(-8, 3),
                count -> new Add(""), by, OptionalLong.of(3)));
        assertThat(upToDate.history()).isEmpty();
        // the first event (the trace) and the snapshot's own (the hash the next append chains to)
        assertThat(upToDate.stream()).extracting(e -> e.envelope().streamVersion()).containsExactly(1L, 3L);
        assertThat(f.count("select count(*) from event_store where stream_id = 's7'")).isEqualTo(3);
        // each append chained to the event before it, as read with the stream, not read again
        assertThat(f.count("select count(*) from event_store e join event_store p on p.stream_id = e.stream_id "
                + "and p.version = e.version - 1 where e.stream_id = 's7' and e.prev_hash = p.hash")).isEqualTo(2);
    }

    @Test
    void aStartItsCauseMayRepeatStartsTheStreamOnceAndThenDoesNothing() {
        var first = f.tx.inTransaction(c -> handler.startUnlessStarted(c, "s8", new Add("first"), by));
        assertThat(first).hasValueSatisfying(o -> {
            assertThat(o.version()).isEqualTo(1);
            assertThat(o.state()).isEqualTo(1);
            assertThat(o.appended()).hasSize(1);
            assertThat(o.history()).isEqualTo(o.appended()); // what the projections of the transaction fold
        });
        var again = f.tx.inTransaction(c -> handler.startUnlessStarted(c, "s8", new Add("again"), by));
        assertThat(again).isEmpty();
        assertThat(f.count("select count(*) from event_store where stream_id = 's8'")).isEqualTo(1);
        assertThat(f.count("select count(*) from event_store where stream_id = 's8' and payload::text like '%again%'")).isZero();
    }

    @Test
    void aSecondStartOfOneStreamConflictsOnTheStoresKey() {
        f.tx.inTransaction(c -> handler.start(c, "s5", new Add("first"), by));
        assertThatThrownBy(() -> f.tx.inTransaction(c -> handler.start(c, "s5", new Add("again"), by)))
                .isInstanceOf(ConcurrencyConflict.class);
    }

    @Test
    void commandsOnOneStreamQueueUpOnItsLockInsteadOfFailing() throws Exception {
        f.tx.inTransaction(c -> handler.start(c, "s6", new Add("first"), by));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Long> first = CompletableFuture.supplyAsync(() -> f.tx.inTransaction(c -> {
            var outcome = handler.handle(c, "s6", count -> new Add("slow"), by, OptionalLong.empty());
            holding.countDown();
            release.await(30, TimeUnit.SECONDS); // holds the lock until told
            return outcome.version();
        }));
        assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Long> second = CompletableFuture.supplyAsync(() -> f.tx.inTransaction(c ->
                handler.handle(c, "s6", count -> new Add("waits, then sees " + count), by, OptionalLong.empty()).version()));
        Thread.sleep(300); // the second is waiting on the lock, not failing
        assertThat(second).isNotDone();
        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo(3);
    }
}
