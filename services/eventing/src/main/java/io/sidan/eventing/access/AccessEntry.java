package io.sidan.eventing.access;

import java.time.Instant;
import java.util.List;

/**
 * One read of a resident's unmasked personal data: who (role, id, name), when, which request, which
 * fields and why; {@code hash} covers all of it and the entry before ({@code prevHash}).
 */
public record AccessEntry(long seq, Instant at, String actorRole, String actorId, String actorName, String requestId,
                          List<String> fields, String purpose, String prevHash, String hash) {

    /** This entry with its hash computed ({@link AccessLog#hash}). */
    AccessEntry hashed() {
        return new AccessEntry(seq, at, actorRole, actorId, actorName, requestId, fields, purpose, prevHash, AccessLog.hash(this));
    }
}
