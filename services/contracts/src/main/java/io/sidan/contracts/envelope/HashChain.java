package io.sidan.contracts.envelope;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The tamper-evident chain of a stream: each event's hash is SHA-256 over its canonical form, which
 * includes the previous event's hash. Changing, removing or reordering any stored event breaks every
 * link after it.
 *
 * <p>The canonical form is the compact JSON array
 * {@code ["sidan-chain/1", source, streamId, streamVersion, eventId, type, schemaVersion, occurredAt,
 * actorRole, actorId, actorName, correlationId, causationId, prevHash, payload]}, with {@code occurredAt}
 * in ISO-8601 UTC, absent ids as JSON null and the payload as a JSON string holding the exact payload
 * text. The hash is the lowercase hex of the digest of its UTF-8 bytes. Anyone holding the events (a
 * consumer, an auditor) can recompute it.
 */
public final class HashChain {

    /** The previous hash of a stream's first event. */
    public static final String GENESIS = "0".repeat(64);

    private static final JsonFactory JSON = new JsonFactory();

    private HashChain() {
    }

    /** The hash of an envelope, computed from all its fields but {@code hash} itself. */
    public static String hash(EventEnvelope e) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(canonical(e).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
        }
    }

    static String canonical(EventEnvelope e) {
        StringWriter out = new StringWriter(e.payload().length() + 400);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            g.writeString("sidan-chain/1");
            g.writeString(e.source());
            g.writeString(e.streamId());
            g.writeNumber(e.streamVersion());
            g.writeString(e.eventId().toString());
            g.writeString(e.type());
            g.writeNumber(e.schemaVersion());
            g.writeString(DateTimeFormatter.ISO_INSTANT.format(e.occurredAt()));
            g.writeString(e.actor().role());
            g.writeString(e.actor().id());
            g.writeString(e.actor().name());
            writeNullable(g, e.correlationId());
            writeNullable(g, e.causationId());
            writeNullable(g, e.prevHash());
            g.writeString(e.payload());
            g.writeEndArray();
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        return out.toString();
    }

    /**
     * Verifies a whole stream given in version order: versions run 1, 2, 3… without gaps, each event
     * links to the hash of the one before, and each stored hash matches its recomputed hash.
     */
    public static ChainVerification verify(String streamId, List<EventEnvelope> stream) {
        String expectedPrev = GENESIS;
        long expectedVersion = 1;
        int checked = 0;
        for (EventEnvelope e : stream) {
            if (!e.streamId().equals(streamId)) {
                return ChainVerification.broken(streamId, checked, e.streamVersion(),
                        "event " + e.eventId() + " belongs to stream " + e.streamId());
            }
            if (e.streamVersion() != expectedVersion) {
                return ChainVerification.broken(streamId, checked, expectedVersion,
                        "version " + expectedVersion + " is missing (found " + e.streamVersion() + ")");
            }
            if (!expectedPrev.equals(e.prevHash())) {
                return ChainVerification.broken(streamId, checked, e.streamVersion(),
                        "version " + e.streamVersion() + " does not link to the hash of version " + (expectedVersion - 1));
            }
            if (!hash(e).equals(e.hash())) {
                return ChainVerification.broken(streamId, checked, e.streamVersion(),
                        "version " + e.streamVersion() + " (" + e.type() + ") was altered: its content no longer matches its hash");
            }
            checked++;
            expectedPrev = e.hash();
            expectedVersion++;
        }
        return ChainVerification.ok(streamId, checked);
    }

    private static void writeNullable(JsonGenerator g, String value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else {
            g.writeString(value);
        }
    }
}
