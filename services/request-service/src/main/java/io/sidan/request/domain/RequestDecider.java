package io.sidan.request.domain;

import java.time.Instant;
import java.util.List;

import io.sidan.contracts.events.RequestEvent;
import io.sidan.contracts.domain.Decider;
import io.sidan.contracts.domain.Rejection;

/**
 * The rules of a request (pure: no clock, no database). {@link #decide} turns a command into new
 * events or refuses it with a {@link Rejection} naming the current status.
 */
public final class RequestDecider {

    private RequestDecider() {
    }

    /**
     * This decider, for the command handler. Its state also holds what the dispatch and rating services
     * reported: the handler folds the request's own events onto a lifecycle that starts from those.
     */
    public static final Decider<RequestLifecycle, RequestCommand, RequestEvent> DECIDER =
            Decider.of(RequestLifecycle.NONE, RequestDecider::decide, RequestDecider::evolve, RequestEvent.class);

    public static List<RequestEvent> decide(RequestCommand command, RequestLifecycle lifecycle) {
        return switch (command) {
            case RequestCommand.Submit c -> submit(c, lifecycle);
            case RequestCommand.Cancel c -> cancel(c, lifecycle);
            case RequestCommand.Reopen c -> reopen(c, lifecycle);
            case RequestCommand.Close c -> close(c, lifecycle);
            case RequestCommand.ErasePersonalData c -> erase(c, lifecycle);
        };
    }

    /** The request's own events folded onto a lifecycle. */
    public static RequestLifecycle evolve(RequestLifecycle lifecycle, RequestEvent event, Instant at) {
        return lifecycle.with(lifecycle.request().evolve(event, at));
    }

    private static List<RequestEvent> submit(RequestCommand.Submit c, RequestLifecycle lifecycle) {
        if (lifecycle.request().exists()) {
            throw new Rejection("Request " + c.requestId() + " already exists.", lifecycle.status().name());
        }
        return List.of(new RequestEvent.Submitted(c.requestId(), c.requesterId(), c.requesterName(), c.channel(),
                c.category(), c.item(), c.title(), c.description(), c.location(), c.urgency(), c.contactPhone(),
                c.preferredWindow(), c.sla()));
    }

    private static List<RequestEvent> cancel(RequestCommand.Cancel c, RequestLifecycle lifecycle) {
        RequestStatus status = lifecycle.status();
        if (!status.cancellable()) {
            throw new Rejection("A request that is " + status + " cannot be cancelled; only requests not yet completed can.",
                    status.name());
        }
        return List.of(new RequestEvent.Cancelled(requestIdOf(lifecycle, c), c.reason()));
    }

    private static List<RequestEvent> reopen(RequestCommand.Reopen c, RequestLifecycle lifecycle) {
        RequestStatus status = lifecycle.status();
        if (!status.reopenable()) {
            throw new Rejection("A request that is " + status + " cannot be reopened; only completed requests can.",
                    status.name());
        }
        if (lifecycle.request().personalDataErased()) {
            throw new Rejection("The personal data of this request was erased, so no team could contact the resident; "
                    + "a new request is needed.", status.name());
        }
        Instant completedAt = lifecycle.dispatch().completedAt();
        if (completedAt != null && completedAt.plus(c.window()).isBefore(c.now())) {
            throw new Rejection("The follow-up window of " + c.window().toDays() + " days after completion has passed.",
                    status.name());
        }
        return List.of(new RequestEvent.Reopened(requestIdOf(lifecycle, c), c.reason(),
                lifecycle.request().reopenCount() + 1));
    }

    private static List<RequestEvent> close(RequestCommand.Close c, RequestLifecycle lifecycle) {
        RequestState request = lifecycle.request();
        if (!request.exists() || c.round() != request.round() || request.closedRound() >= c.round()
                || lifecycle.status() == RequestStatus.CANCELLED || lifecycle.status() == RequestStatus.REOPENED) {
            return List.of(); // a late or repeated finalization of an earlier round: nothing to close
        }
        return List.of(new RequestEvent.Closed(requestIdOf(lifecycle, c), c.round(), c.compositeScore()));
    }

    private static List<RequestEvent> erase(RequestCommand.ErasePersonalData c, RequestLifecycle lifecycle) {
        RequestStatus status = lifecycle.status();
        if (lifecycle.request().personalDataErased()) {
            return List.of(); // erased already: nothing more to erase
        }
        if (!status.ended()) {
            throw new Rejection("A request that is " + status + " is still open; its personal data can be erased once it is "
                    + "closed, rejected or cancelled.", status.name());
        }
        return List.of(new RequestEvent.PersonalDataErased(requestIdOf(lifecycle, c), c.cause(), c.erasureId()));
    }

    private static String requestIdOf(RequestLifecycle lifecycle, RequestCommand command) {
        if (!lifecycle.request().exists()) {
            throw new IllegalStateException("command " + command.getClass().getSimpleName() + " on a missing request");
        }
        return lifecycle.request().requestId();
    }
}
