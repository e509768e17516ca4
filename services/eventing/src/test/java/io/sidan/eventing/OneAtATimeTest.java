package io.sidan.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.sidan.eventing.tx.OneAtATime;
import org.junit.jupiter.api.Test;

/** Work shared by the instances of a service: while one does it, the others skip their turn. */
class OneAtATimeTest {

    private final EventingFixture f = new EventingFixture();

    @Test
    void whileOneInstanceScansTheOthersSkipAndAfterwardsTheNextOneRuns() throws Exception {
        OneAtATime first = new OneAtATime(f.dataSource);
        OneAtATime second = new OneAtATime(f.dataSource); // another instance: same database, own sessions
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<Boolean> holder = CompletableFuture.supplyAsync(() -> first.runIfFree("deadlines", () -> {
            runs.incrementAndGet();
            inside.countDown();
            await(release);
        }));
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(second.runIfFree("deadlines", runs::incrementAndGet)).as("skipped while the first holds it").isFalse();
        assertThat(second.runIfFree("windows", runs::incrementAndGet)).as("other work is not blocked").isTrue();

        release.countDown();
        assertThat(holder.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(second.callIfFree("deadlines", () -> "ran")).isEqualTo("ran");
        assertThat(runs).hasValue(2);
    }

    @Test
    void workThatFailsStillFreesTheLock() {
        OneAtATime one = new OneAtATime(f.dataSource);
        assertThatThrownBy(() -> one.runIfFree("deadlines", () -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(new OneAtATime(f.dataSource).runIfFree("deadlines", () -> { })).isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
