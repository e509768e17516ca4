package io.sidan.contracts.integrity;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.envelope.EventJson;
import io.sidan.contracts.events.IntegrityEvent.CheckpointSigned;

/**
 * A service's whole event store, or some of its streams (a request's case file), as one JSON document for
 * checking without a database ({@code ./sidan verify}): {@code {"format": "sidan-store-export/1", "service",
 * "exportedAt", "scope": "store"|"streams", "publicKey", "checkpoints": [...], "proofs": [...],
 * "events": [{"position", "topic", "envelope"}, ...]}}. The checkpoints (and, for streams, the proofs of
 * their heads in the newest one) come first so the events can be checked as they stream past; the
 * envelopes carry the payloads as the exact text that was hashed.
 */
public final class StoreExport {

    public static final String FORMAT = "sidan-store-export/1";

    private static final ObjectMapper JSON = EventJson.mapper();

    private StoreExport() {
    }

    /** One exported event. */
    public record ExportedEvent(long position, String topic, EventEnvelope envelope) {
    }

    /**
     * In an export of some streams only (a request's case file): the proof that a stream's head, as of the
     * newest checkpoint's position, is a leaf of that checkpoint's Merkle tree.
     */
    public record HeadProof(String streamId, long version, String hash, long index, long size, List<String> path) {
    }

    /** Writes an export event by event, so a large store needs little memory. */
    public static final class Writer implements AutoCloseable {

        private final JsonGenerator out;

        /** A whole store: every checkpoint, then every event. */
        public Writer(OutputStream stream, String service, Instant exportedAt, String publicKey,
                      List<CheckpointSigned> checkpoints) throws IOException {
            this(stream, service, exportedAt, publicKey, checkpoints, null);
        }

        /**
         * Some whole streams ({@code proofs} not null): the newest checkpoint only, the proofs of the streams'
         * heads in it, then the streams' events.
         */
        public Writer(OutputStream stream, String service, Instant exportedAt, String publicKey,
                      List<CheckpointSigned> checkpoints, List<HeadProof> proofs) throws IOException {
            out = JSON.getFactory().createGenerator(stream);
            out.writeStartObject();
            out.writeStringField("format", FORMAT);
            out.writeStringField("service", service);
            out.writeStringField("exportedAt", exportedAt.toString());
            out.writeStringField("scope", proofs == null ? "store" : "streams");
            if (publicKey != null) {
                out.writeStringField("publicKey", publicKey);
            }
            out.writeFieldName("checkpoints");
            JSON.writeValue(out, checkpoints);
            if (proofs != null) {
                out.writeFieldName("proofs");
                JSON.writeValue(out, proofs);
            }
            out.writeArrayFieldStart("events");
        }

        public void event(long position, String topic, EventEnvelope envelope) throws IOException {
            JSON.writeValue(out, new ExportedEvent(position, topic, envelope));
        }

        @Override
        public void close() throws IOException {
            out.writeEndArray();
            out.writeEndObject();
            out.close();
        }
    }

    /**
     * Checks an export.
     *
     * @param key       the service's public key as published by its operator; null to check against the key in
     *                  the export itself, which proves only that the export is consistent, not who made it
     * @param witnessed checkpoints other services keep ({@code GET .../integrity/checkpoints}); may be empty
     */
    public static IntegrityReport verify(InputStream in, PublicKey key, Collection<CheckpointSigned> witnessed) throws IOException {
        try (JsonParser p = JSON.getFactory().createParser(in)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "an export starts with an object");
            String format = null;
            String service = null;
            PublicKey keyUsed = key;
            StoreVerifier verifier = null;
            List<CheckpointSigned> checkpoints = List.of();
            List<HeadProof> proofs = null;
            String scope = "store";
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "format" -> format = p.getText();
                    case "service" -> service = p.getText();
                    case "publicKey" -> {
                        if (keyUsed == null) {
                            keyUsed = SigningKeys.publicKey(p.getText());
                        }
                    }
                    case "scope" -> scope = p.getText();
                    case "checkpoints" -> checkpoints = List.of(JSON.readValue(p, CheckpointSigned[].class));
                    case "proofs" -> proofs = List.of(JSON.readValue(p, HeadProof[].class));
                    case "events" -> {
                        if (!FORMAT.equals(format) || service == null) {
                            throw new IOException("not a " + FORMAT + " document (format and service must come first)");
                        }
                        if ("streams".equals(scope) != (proofs != null)) {
                            throw new IOException("an export of streams has proofs and only it has (scope " + scope + ")");
                        }
                        verifier = proofs == null ? new StoreVerifier(service, keyUsed, checkpoints)
                                : StoreVerifier.forStreams(service, keyUsed, checkpoints, proofs);
                        expect(p.currentToken(), JsonToken.START_ARRAY, "events is an array");
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            ExportedEvent e = JSON.readValue(p, ExportedEvent.class);
                            verifier.accept(e.position(), e.envelope());
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (verifier == null) {
                throw new IOException("the export has no events array");
            }
            return verifier.finish(new ArrayList<>(witnessed));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Checkpoints as {@code GET .../integrity/checkpoints} returns them. */
    public static List<CheckpointSigned> readCheckpoints(InputStream in) throws IOException {
        return List.of(JSON.readValue(in, CheckpointSigned[].class));
    }

    private static void expect(JsonToken actual, JsonToken expected, String what) throws IOException {
        if (actual != expected) {
            throw new IOException(what);
        }
    }
}
