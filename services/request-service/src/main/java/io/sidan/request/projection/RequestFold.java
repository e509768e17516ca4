package io.sidan.request.projection;

import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sidan.contracts.calendar.WorkingCalendar;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.envelope.EventJson;
import io.sidan.contracts.events.CaseEvent;
import io.sidan.contracts.events.RatingEvent;
import io.sidan.contracts.events.RequestEvent;
import io.sidan.contracts.events.SidanEvent;
import io.sidan.request.domain.AuditClocks;
import io.sidan.request.domain.AuditRecord;
import io.sidan.request.domain.RequestDecider;
import io.sidan.request.domain.RequestLifecycle;

/**
 * What the request view keeps of a request between events ({@code request_view.fold}, as JSON): its lifecycle
 * and audit clocks folded so far, and the last event folded from each of the other services' streams. An event
 * of such a stream that comes after that one is folded onto it: the same as folding the whole history again,
 * because each stream is folded in its own version order and independently of the others. An event that fills
 * a gap (it comes before the last one folded) needs the whole history.
 */
public record RequestFold(int format, RequestLifecycle lifecycle, AuditClocks clocks, Position dispatch, Position rating) {

    /** The fold's shape: a row whose fold has another is folded again from the history. */
    static final int FORMAT = 1;

    private static final ObjectMapper JSON = EventJson.mapper().copy().addMixIn(AuditClocks.class, FieldByField.class);

    /** The audit clocks are an accumulator with private fields: kept field by field. */
    @JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
            isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
    private abstract static class FieldByField {
    }

    /** Where a stream was folded up to: the last event's source, stream and version. */
    public record Position(String source, String streamId, long version) {

        static Position of(EventEnvelope e) {
            return new Position(e.source(), e.streamId(), e.streamVersion());
        }

        /** Whether {@code e} comes after this in the order the history is folded in (by source, then version). */
        boolean followedBy(EventEnvelope e) {
            return source.equals(e.source()) && streamId.equals(e.streamId()) && e.streamVersion() > version;
        }
    }

    /** A request's history folded: its own events, then the dispatch and the rating service's, each in its order. */
    static RequestFold of(RequestHistory.Decoded history) {
        RequestFold fold = new RequestFold(FORMAT, RequestLifecycle.NONE, new AuditClocks(), null, null);
        for (var e : history.own()) {
            fold = fold.withOwn(e.event(), e.at());
        }
        for (var e : history.dispatch()) {
            fold = fold.with(e.event(), e.at(), null);
        }
        for (var e : history.rating()) {
            fold = fold.with(e.event(), e.at(), null);
        }
        return new RequestFold(FORMAT, fold.lifecycle, fold.clocks, history.dispatchUpTo(), history.ratingUpTo());
    }

    /**
     * The fold with one more event of another service's stream, when it comes after all folded from that stream;
     * empty when only the whole history can tell.
     */
    Optional<RequestFold> next(EventEnvelope e, SidanEvent event) {
        return switch (event) {
            case CaseEvent c when dispatch == null || dispatch.followedBy(e) -> Optional.of(with(c, e.occurredAt(), Position.of(e)));
            case RatingEvent r when rating == null || rating.followedBy(e) -> Optional.of(with(r, e.occurredAt(), Position.of(e)));
            default -> Optional.empty();
        };
    }

    /** The fold with one more of the request's own events (in its stream's order, after all folded so far). */
    RequestFold withOwn(RequestEvent event, Instant at) {
        clocks.apply(event, at);
        return new RequestFold(format, RequestDecider.evolve(lifecycle, event, at), clocks, dispatch, rating);
    }

    private RequestFold with(CaseEvent event, Instant at, Position upTo) {
        clocks.apply(event, at);
        return new RequestFold(format, lifecycle.evolve(event, at), clocks, upTo, rating);
    }

    private RequestFold with(RatingEvent event, Instant at, Position upTo) {
        clocks.apply(event, at);
        return new RequestFold(format, lifecycle.evolve(event, at), clocks, dispatch, upTo);
    }

    /** The audit figures of the fold: its clocks as they stand at its lifecycle's status, by the calendar. */
    AuditRecord figures(WorkingCalendar calendar) {
        return clocks.record(lifecycle.status(), calendar);
    }

    String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fold kept in a row; empty when there is none, or of another shape. */
    static Optional<RequestFold> parse(String json) {
        if (json == null) {
            return Optional.empty();
        }
        try {
            RequestFold fold = JSON.readValue(json, RequestFold.class);
            return fold.format() == FORMAT ? Optional.of(fold) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
