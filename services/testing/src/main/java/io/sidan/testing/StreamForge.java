package io.sidan.testing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.sidan.contracts.envelope.Actor;
import io.sidan.contracts.envelope.EventCatalogue;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.envelope.HashChain;
import io.sidan.contracts.events.SidanEvent;

/**
 * Writes a stream of another service the way that service would (versions from 1, hash chain,
 * envelope), so a service under test can be fed realistic foreign events through the real broker. Its
 * events happen on the {@link MutableClock}, the clock of the service under test.
 */
public final class StreamForge {

    private final String source;
    private final String streamId;
    private final EventCatalogue<SidanEvent> catalogue = EventCatalogue.standard();
    private long version;
    private String prevHash = HashChain.GENESIS;

    public StreamForge(String source, String streamId) {
        this.source = source;
        this.streamId = streamId;
    }

    public EventEnvelope next(SidanEvent event, Actor actor) {
        return next(event, actor, MutableClock.get().instant(), null);
    }

    public EventEnvelope next(SidanEvent event, Actor actor, Instant at, String causationId) {
        EventEnvelope unsigned = new EventEnvelope(UUID.randomUUID(), source, catalogue.typeOf(event),
                catalogue.versionOf(event), streamId, version + 1, at.truncatedTo(ChronoUnit.MICROS), actor,
                "test-correlation", causationId, prevHash, null, catalogue.toJson(event));
        String hash = HashChain.hash(unsigned);
        EventEnvelope signed = new EventEnvelope(unsigned.eventId(), source, unsigned.type(), unsigned.schemaVersion(),
                streamId, unsigned.streamVersion(), unsigned.occurredAt(), actor, unsigned.correlationId(), causationId,
                prevHash, hash, unsigned.payload());
        version++;
        prevHash = hash;
        return signed;
    }
}
