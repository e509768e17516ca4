package io.sidan.contracts.events;

import java.time.Instant;

/**
 * Tamper evidence between the services (stream id {@code checkpoint:<service>}): each service signs the
 * state of its store from time to time and every service keeps every service's checkpoints, so a
 * rewrite of one service's database is caught by the others (docs/architecture.md, "Tamper evidence").
 */
public sealed interface IntegrityEvent extends SidanEvent {

    /**
     * A signed checkpoint of one service's event store.
     *
     * @param service       the signing service (also the event's source)
     * @param sequence      1, 2, 3… per service
     * @param position      the store's global position it covers: every event at or below it
     * @param streams       how many streams had events at or below {@code position}
     * @param events        how many events are at or below {@code position}
     * @param root          Merkle root (SHA-256, hex) over the heads of those streams as of {@code position}
     * @param previous      digest of the previous checkpoint's signed content, 64 zeros for the first
     * @param previousHolds whether the store still gave the previous checkpoint's root when this one was made;
     *                      false means the store was changed below the previous checkpoint's position
     * @param signedAt      when it was signed
     * @param keyId         the signing key's id (first 16 hex digits of SHA-256 over its public key)
     * @param signature     Ed25519 over the canonical content, base64
     * @param accessLogSeq  the last entry of the service's access log of personal data when it was signed (null: empty)
     * @param accessLogHash that entry's chain hash (null: empty), so cutting entries off the log's end shows
     */
    @EventType(name = "integrity.checkpoint-signed")
    record CheckpointSigned(String service, long sequence, long position, long streams, long events, String root,
                            String previous, boolean previousHolds, Instant signedAt, String keyId, String signature,
                            @Nullable Long accessLogSeq, @Nullable String accessLogHash)
            implements IntegrityEvent {

        /** A checkpoint of a service whose access log is empty. */
        public CheckpointSigned(String service, long sequence, long position, long streams, long events, String root,
                                String previous, boolean previousHolds, Instant signedAt, String keyId, String signature) {
            this(service, sequence, position, streams, events, root, previous, previousHolds, signedAt, keyId, signature, null, null);
        }

        /** The same checkpoint with another signature (what signing fills in). */
        public CheckpointSigned withSignature(String keyId, String signature) {
            return new CheckpointSigned(service, sequence, position, streams, events, root, previous, previousHolds, signedAt, keyId,
                    signature, accessLogSeq, accessLogHash);
        }
    }
}
