package io.sidan.contracts.events;

import java.util.List;

/**
 * An erasure request's life (stream id = {@code erasure-<uuid>}), produced by the request service: a
 * resident asks for their personal data to be erased (or staff file it for a caller without an account),
 * an admin approves or rejects it. Approval erases the data of every request it covers.
 */
public sealed interface ErasureEvent extends SidanEvent {

    String erasureId();

    /**
     * Erasure asked for: of one request ({@code requestId}) when given, else of every request of the
     * resident {@code residentId} (the resident who asked, when one did).
     */
    @EventType(name = "erasure.requested")
    record Requested(String erasureId, @Nullable String residentId, @Nullable String requestId, String reason)
            implements ErasureEvent {
    }

    /** An admin approved it; the personal data of {@code requestIds} was erased in the same transaction. */
    @EventType(name = "erasure.approved")
    record Approved(String erasureId, List<String> requestIds) implements ErasureEvent {
    }

    /** An admin turned it down, saying why. */
    @EventType(name = "erasure.rejected")
    record Rejected(String erasureId, String reason) implements ErasureEvent {
    }
}
