package io.sidan.request.domain;

/**
 * What a resident sees of their request. The normal path runs SUBMITTED → DISPATCHED → ACCEPTED →
 * IN_SERVICE → COMPLETED → RATED → CLOSED; REJECTED and CANCELLED end it early; REOPENED (回头看)
 * sends a completed request back to dispatch.
 */
public enum RequestStatus {
    SUBMITTED, DISPATCHED, ACCEPTED, IN_SERVICE, COMPLETED, RATED, CLOSED, REJECTED, CANCELLED, REOPENED;

    /** Before the service was completed, the resident may still cancel. */
    public boolean cancellable() {
        return this == SUBMITTED || this == DISPATCHED || this == ACCEPTED || this == IN_SERVICE || this == REOPENED;
    }

    /** Nothing more will happen to it (unless a closed one is reopened): its personal data may be erased. */
    public boolean ended() {
        return this == CLOSED || this == REJECTED || this == CANCELLED;
    }

    /** After completion, the resident may ask for a follow-up (回头看). */
    public boolean reopenable() {
        return this == COMPLETED || this == RATED || this == CLOSED;
    }
}
