package io.sidan.request.domain;

import java.time.Instant;

import io.sidan.contracts.events.CaseEvent;
import io.sidan.contracts.events.RatingEvent;
import io.sidan.request.domain.CaseProgress.Phase;

/**
 * Everything known about a request from the three services, and the status it shows. The streams
 * are folded separately in their own version order, so the status does not depend on the order in
 * which the topics delivered them, and it never moves backwards within a round.
 */
public record RequestLifecycle(RequestState request, CaseProgress dispatch, RatingProgress rating) {

    public static final RequestLifecycle NONE = new RequestLifecycle(RequestState.NONE, CaseProgress.NONE, RatingProgress.NONE);

    public RequestLifecycle with(RequestState r) {
        return new RequestLifecycle(r, dispatch, rating);
    }

    public RequestLifecycle with(CaseProgress c) {
        return new RequestLifecycle(request, c, rating);
    }

    public RequestLifecycle with(RatingProgress p) {
        return new RequestLifecycle(request, dispatch, p);
    }

    /** One more event of the dispatch service's stream of the request. */
    public RequestLifecycle evolve(CaseEvent event, Instant at) {
        return with(dispatch.evolve(event, at));
    }

    /** One more event of the rating service's sheet of the request. */
    public RequestLifecycle evolve(RatingEvent event, Instant at) {
        return with(rating.evolve(event, at));
    }

    /** When it ended (closed, rejected or cancelled), or null while it is open: the retention period counts from here. */
    public Instant endedAt() {
        return switch (status()) {
            case CLOSED -> request.closedAt();
            case CANCELLED -> request.cancelledAt();
            case REJECTED -> dispatch.rejectedAt();
            default -> null;
        };
    }

    public RequestStatus status() {
        if (!request.exists()) {
            throw new IllegalStateException("no such request");
        }
        int round = request.round();
        boolean completed = dispatch.completedRound() == round;
        if (request.cancelled() && !completed) {
            return RequestStatus.CANCELLED;
        }
        if (dispatch.phase() == Phase.REJECTED) {
            return RequestStatus.REJECTED;
        }
        if (request.reopenCount() > dispatch.reopenCount()) {
            return RequestStatus.REOPENED; // dispatch has not taken the reopened case back yet
        }
        if (request.closedRound() == round) {
            return RequestStatus.CLOSED;
        }
        if (completed && rating.round() == round && (rating.finalized() || rating.ratings() > 0)) {
            return RequestStatus.RATED;
        }
        if (completed) {
            return RequestStatus.COMPLETED;
        }
        return switch (dispatch.phase()) {
            case IN_SERVICE -> RequestStatus.IN_SERVICE;
            case ACCEPTED -> RequestStatus.ACCEPTED;
            case ASSIGNED, OFFERED -> RequestStatus.DISPATCHED;
            case CANCELLED -> RequestStatus.CANCELLED;
            case REJECTED -> RequestStatus.REJECTED;
            case WAITING, COMPLETED -> request.reopenCount() > 0 ? RequestStatus.REOPENED : RequestStatus.SUBMITTED;
        };
    }
}
