package io.sidan.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;

import io.sidan.eventing.tx.NotifiedCache;
import org.junit.jupiter.api.Test;

/** What is kept and when (the listening itself: {@code ChangeListenerTest} and the services' cache tests). */
class NotifiedCacheTest {

    final NotifiedCache<String> cache = new NotifiedCache<>(null, "sidan_test");
    final AtomicInteger reads = new AtomicInteger();

    @Test
    void aValueIsReadOnceAndKeptUntilDropped() throws Exception {
        assertThat(cache.get(() -> "v" + reads.incrementAndGet())).isEqualTo("v1");
        assertThat(cache.get(() -> "v" + reads.incrementAndGet())).isEqualTo("v1");
        cache.drop();
        assertThat(cache.get(() -> "v" + reads.incrementAndGet())).isEqualTo("v2");
        assertThat(reads).hasValue(2);
    }

    @Test
    void aReadThatOverlapsADropIsUsedButNotKept() throws Exception {
        // the change was notified while the value was being read: what was read may predate it
        assertThat(cache.get(() -> {
            cache.drop();
            return "read before the change";
        })).isEqualTo("read before the change");
        assertThat(cache.get(() -> "read after")).isEqualTo("read after");
        assertThat(cache.get(() -> "not read")).isEqualTo("read after");
    }

    @Test
    void channelsAreNamesNotStatements() {
        assertThatThrownBy(() -> new NotifiedCache<>(null, "x'); drop table t; --"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
