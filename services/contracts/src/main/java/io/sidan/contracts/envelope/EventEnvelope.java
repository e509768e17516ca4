package io.sidan.contracts.envelope;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One recorded event as it is stored and as it travels: the CloudEvents attributes and Sidan's
 * extensions around the JSON payload, kept as the exact text that was hashed.
 *
 * @param eventId        unique id ({@code ce_id})
 * @param source         the producing service ({@code ce_source})
 * @param type           stable type name ({@code ce_type})
 * @param schemaVersion  payload schema version ({@code ce_schemaversion})
 * @param streamId       the stream ({@code ce_subject}); for request-related streams the request id
 * @param streamVersion  position in the stream, from 1 ({@code ce_streamversion})
 * @param occurredAt     when it was recorded ({@code ce_time})
 * @param actor          who caused it ({@code ce_actor}, {@code ce_actorname})
 * @param correlationId  the conversation it belongs to ({@code ce_correlationid})
 * @param causationId    the event or command that caused it, if any ({@code ce_causationid})
 * @param prevHash       hash of the previous event of the stream ({@code ce_prevhash})
 * @param hash           this event's chain hash ({@code ce_chainhash})
 * @param payload        the JSON payload, exactly as hashed
 */
public record EventEnvelope(UUID eventId, String source, String type, int schemaVersion, String streamId,
                            long streamVersion, Instant occurredAt, Actor actor, String correlationId,
                            String causationId, String prevHash, String hash, String payload) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(payload, "payload");
        if (streamVersion < 1) {
            throw new IllegalArgumentException("streamVersion starts at 1");
        }
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schemaVersion starts at 1");
        }
    }
}
