package io.sidan.request.domain;

import java.time.Instant;

import io.sidan.contracts.events.RequestEvent;

/**
 * The request's own stream folded: who asked, whether it was cancelled, how often reopened, which
 * round was closed, whether its personal data was erased.
 */
public record RequestState(boolean exists, String requestId, String requesterId, Instant submittedAt, int reopenCount,
                           Instant reopenedAt, boolean cancelled, Instant cancelledAt, int closedRound,
                           Instant closedAt, boolean personalDataErased) {

    public static final RequestState NONE = new RequestState(false, null, null, null, 0, null, false, null, 0, null, false);

    /** The round in progress: 1, and one more per reopen. */
    public int round() {
        return reopenCount + 1;
    }

    public RequestState evolve(RequestEvent event, Instant at) {
        return switch (event) {
            case RequestEvent.Submitted e -> new RequestState(true, e.requestId(), e.requesterId(), at, 0, null, false, null, 0,
                    null, false);
            case RequestEvent.Cancelled e -> new RequestState(exists, requestId, requesterId, submittedAt, reopenCount, reopenedAt,
                    true, at, closedRound, closedAt, personalDataErased);
            case RequestEvent.Reopened e -> new RequestState(exists, requestId, requesterId, submittedAt, e.reopenCount(), at,
                    false, null, closedRound, closedAt, personalDataErased);
            case RequestEvent.Closed e -> new RequestState(exists, requestId, requesterId, submittedAt, reopenCount, reopenedAt,
                    cancelled, cancelledAt, Math.max(closedRound, e.round()), at, personalDataErased);
            case RequestEvent.PersonalDataErased e -> new RequestState(exists, requestId, requesterId, submittedAt, reopenCount,
                    reopenedAt, cancelled, cancelledAt, closedRound, closedAt, true);
        };
    }
}
