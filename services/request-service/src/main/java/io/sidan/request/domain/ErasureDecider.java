package io.sidan.request.domain;

import java.util.List;

import io.sidan.contracts.domain.Decider;
import io.sidan.contracts.domain.Rejection;
import io.sidan.contracts.events.ErasureEvent;

/**
 * Rules of an erasure request: asked once, then approved or rejected once by an admin. Approving an
 * approved one again changes nothing (a retry); deciding after the other decision is refused.
 */
public final class ErasureDecider {

    public enum Status { NONE, PENDING, APPROVED, REJECTED }

    /** The erasure request folded: where it stands, and whose data it is about. */
    public record State(Status status, String erasureId, String residentId, String requestId) {
        static final State NONE = new State(Status.NONE, null, null, null);
    }

    public static final Decider<State, ErasureCommand, ErasureEvent> DECIDER =
            Decider.of(State.NONE, ErasureDecider::decide, (state, event, at) -> evolve(state, event), ErasureEvent.class);

    private ErasureDecider() {
    }

    public static String streamOf(String erasureId) {
        return erasureId;
    }

    public static List<ErasureEvent> decide(ErasureCommand command, State state) {
        return switch (command) {
            case ErasureCommand.Ask c -> {
                if (state.status() != Status.NONE) {
                    throw new Rejection("Erasure request " + c.erasureId() + " already exists.", state.status().name());
                }
                if (c.residentId() == null && c.requestId() == null) {
                    throw new IllegalArgumentException("an erasure request names a resident or a request");
                }
                yield List.of(new ErasureEvent.Requested(c.erasureId(), c.residentId(), c.requestId(), c.reason()));
            }
            case ErasureCommand.Approve c -> switch (state.status()) {
                case PENDING -> List.of(new ErasureEvent.Approved(state.erasureId(), c.requestIds()));
                case APPROVED -> List.of();
                case REJECTED -> throw new Rejection("This erasure request was rejected; the resident may ask again.",
                        state.status().name());
                case NONE -> throw new Rejection("There is no such erasure request.", state.status().name());
            };
            case ErasureCommand.Reject c -> switch (state.status()) {
                case PENDING -> List.of(new ErasureEvent.Rejected(state.erasureId(), c.reason()));
                case APPROVED -> throw new Rejection("This erasure request was approved; its data is erased already.",
                        state.status().name());
                case REJECTED -> List.of();
                case NONE -> throw new Rejection("There is no such erasure request.", state.status().name());
            };
        };
    }

    public static State evolve(State state, ErasureEvent event) {
        return switch (event) {
            case ErasureEvent.Requested e -> new State(Status.PENDING, e.erasureId(), e.residentId(), e.requestId());
            case ErasureEvent.Approved e -> new State(Status.APPROVED, state.erasureId(), state.residentId(), state.requestId());
            case ErasureEvent.Rejected e -> new State(Status.REJECTED, state.erasureId(), state.residentId(), state.requestId());
        };
    }
}
