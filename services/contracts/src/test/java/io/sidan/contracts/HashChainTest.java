package io.sidan.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.sidan.contracts.envelope.Actor;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.envelope.HashChain;
import org.junit.jupiter.api.Test;

class HashChainTest {

    private static EventEnvelope event(long version, String prevHash, String payload) {
        EventEnvelope unsigned = new EventEnvelope(new UUID(0, version), "request-service", "request.cancelled", 1, "r",
                version, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(version), new Actor("resident", "u1", "居民"),
                "c", null, prevHash, null, payload);
        return new EventEnvelope(unsigned.eventId(), unsigned.source(), unsigned.type(), 1, "r", version,
                unsigned.occurredAt(), unsigned.actor(), "c", null, prevHash, HashChain.hash(unsigned), payload);
    }

    private static List<EventEnvelope> chain(int n) {
        List<EventEnvelope> events = new ArrayList<>();
        String prev = HashChain.GENESIS;
        for (int v = 1; v <= n; v++) {
            EventEnvelope e = event(v, prev, "{\"n\":" + v + "}");
            events.add(e);
            prev = e.hash();
        }
        return events;
    }

    @Test
    void theHashIsAStableSha256OfTheCanonicalForm() {
        EventEnvelope e = event(1, HashChain.GENESIS, "{\"n\":1}");
        assertThat(e.hash()).matches("[0-9a-f]{64}").isEqualTo(HashChain.hash(e));
        // every field is covered: change any and the hash changes
        EventEnvelope otherActor = new EventEnvelope(e.eventId(), e.source(), e.type(), 1, "r", 1, e.occurredAt(),
                new Actor("resident", "u2", "居民"), "c", null, e.prevHash(), null, e.payload());
        EventEnvelope otherTime = new EventEnvelope(e.eventId(), e.source(), e.type(), 1, "r", 1,
                e.occurredAt().plusNanos(1000), e.actor(), "c", null, e.prevHash(), null, e.payload());
        EventEnvelope otherSource = new EventEnvelope(e.eventId(), "rating-service", e.type(), 1, "r", 1, e.occurredAt(),
                e.actor(), "c", null, e.prevHash(), null, e.payload());
        assertThat(List.of(HashChain.hash(otherActor), HashChain.hash(otherTime), HashChain.hash(otherSource)))
                .doesNotContain(e.hash()).doesNotHaveDuplicates();
    }

    @Test
    void anIntactChainVerifies() {
        assertThat(HashChain.verify("r", chain(5)).valid()).isTrue();
        assertThat(HashChain.verify("r", chain(5)).checked()).isEqualTo(5);
        assertThat(HashChain.verify("r", List.of()).valid()).isTrue();
    }

    @Test
    void reorderedOrAlteredEventsAreNamed() {
        List<EventEnvelope> swapped = new ArrayList<>(chain(4));
        EventEnvelope third = swapped.get(2);
        swapped.set(2, swapped.get(3));
        swapped.set(3, third);
        assertThat(HashChain.verify("r", swapped).brokenVersion()).isEqualTo(3);

        List<EventEnvelope> altered = new ArrayList<>(chain(4));
        EventEnvelope e = altered.get(1);
        altered.set(1, new EventEnvelope(e.eventId(), e.source(), e.type(), 1, "r", 2, e.occurredAt(), e.actor(), "c",
                null, e.prevHash(), e.hash(), "{\"n\":99}"));
        assertThat(HashChain.verify("r", altered).brokenVersion()).isEqualTo(2);
    }
}
