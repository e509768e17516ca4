package io.sidan.contracts.events;

/** Facts about a resident's request (stream id = request id), produced by the request service. */
public sealed interface RequestEvent extends SidanEvent {

    String requestId();

    /**
     * A resident asked for a service (群众点单). {@code requesterId} is the resident's account id, or
     * {@code null} when a dispatcher filed it for a caller without an account. {@code sla} holds the
     * targets of the category and urgency in force at submission, so later catalogue changes do not
     * rewrite history. The personal fields ({@code requesterName}, {@code description},
     * {@code location.address}, {@code contactPhone}) are sealed with the request's data key
     * ({@link io.sidan.contracts.privacy.SealedFields}); coordinates are kept to two decimals.
     */
    @EventType(name = "request.submitted")
    record Submitted(String requestId, @Nullable String requesterId, String requesterName, Channel channel,
                     String category, @Nullable String item, String title, String description, Location location,
                     Urgency urgency, String contactPhone, @Nullable TimeWindow preferredWindow, SlaTargets sla)
            implements RequestEvent {
    }

    /** The resident (or a dispatcher for them) withdrew the request before completion. */
    @EventType(name = "request.cancelled")
    record Cancelled(String requestId, String reason) implements RequestEvent {
    }

    /** Follow-up (回头看): the request goes back to dispatch; {@code reopenCount} counts reopens so far. */
    @EventType(name = "request.reopened")
    record Reopened(String requestId, String reason, int reopenCount) implements RequestEvent {
    }

    /**
     * The request's personal fields were erased: its data key is deleted, so every sealed copy of them
     * (in any store, on Kafka, in backups) reads as erased from now on. {@code erasureId} names the
     * approved erasure request, absent when the retention period after closing ran out.
     */
    @EventType(name = "request.personal-data-erased")
    record PersonalDataErased(String requestId, ErasureCause cause, @Nullable String erasureId) implements RequestEvent {
    }

    /** The request is closed after the rating of its {@code round} was finalized. */
    @EventType(name = "request.closed")
    record Closed(String requestId, int round, @Nullable Double compositeScore) implements RequestEvent {
    }
}
