package io.sidan.request.domain;

import java.time.Instant;

import io.sidan.contracts.events.RatingEvent;

/** The rating service's sheet of a request, folded: the latest round, its ratings and whether it is final. */
public record RatingProgress(int round, int ratings, Instant firstRatedAt, boolean finalized, Instant finalizedAt,
                             Double composite, int flags) {

    public static final RatingProgress NONE = new RatingProgress(0, 0, null, false, null, null, 0);

    public RatingProgress evolve(RatingEvent event, Instant at) {
        return switch (event) {
            case RatingEvent.Opened e -> e.round() > round ? new RatingProgress(e.round(), 0, null, false, null, null, 0) : this;
            case RatingEvent.Submitted e -> e.round() != round ? this
                    : new RatingProgress(round, ratings + 1, firstRatedAt == null ? at : firstRatedAt, finalized,
                    finalizedAt, composite, flags);
            case RatingEvent.Flagged e -> e.round() != round ? this
                    : new RatingProgress(round, ratings, firstRatedAt, finalized, finalizedAt, composite, flags + 1);
            case RatingEvent.Finalized e -> e.round() != round ? this
                    : new RatingProgress(round, ratings, firstRatedAt, true, at, e.composite(), flags);
            default -> this;
        };
    }
}
