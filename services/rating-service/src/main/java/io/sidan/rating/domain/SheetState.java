package io.sidan.rating.domain;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.sidan.contracts.events.Party;
import io.sidan.contracts.events.RatingEvent;
import io.sidan.contracts.events.VolunteerHours;

/**
 * A request's rating sheet folded from its stream: the current round, who is expected, who rated,
 * and whether it is final. Earlier rounds only leave their finalization behind.
 */
public record SheetState(boolean exists, String requestId, int round, String teamId, String requesterId,
                         String category, String grid, List<Party> expected, Instant windowEndsAt,
                         List<VolunteerHours> volunteerHours, Map<Party, Rating> ratings, boolean finalized,
                         Double composite, int flags, int followUps) {

    public static final SheetState NONE = new SheetState(false, null, 0, null, null, null, null, List.of(), null,
            List.of(), Map.of(), false, null, 0, 0);

    public boolean rated(Party party) {
        return ratings.containsKey(party);
    }

    /** Every expected party has rated. */
    public boolean complete() {
        return expected.stream().allMatch(ratings::containsKey);
    }

    public SheetState evolve(RatingEvent event, Instant at) {
        return switch (event) {
            case RatingEvent.Opened e -> new SheetState(true, e.requestId(), e.round(), e.teamId(), e.requesterId(),
                    e.category(), e.grid(), List.copyOf(e.expectedParties()), e.windowEndsAt(),
                    List.copyOf(e.volunteerHours()), Map.of(), false, null, 0, 0);
            case RatingEvent.Submitted e -> {
                if (e.round() != round) {
                    yield this;
                }
                Map<Party, Rating> more = new EnumMap<>(Party.class);
                more.putAll(ratings);
                more.put(e.party(), new Rating(e.party(), e.raterId(), e.scores(), e.comment(), at));
                yield new SheetState(exists, requestId, round, teamId, requesterId, category, grid, expected,
                        windowEndsAt, volunteerHours, Map.copyOf(more), finalized, composite, flags, followUps);
            }
            case RatingEvent.Flagged e -> e.round() != round ? this : new SheetState(exists, requestId, round, teamId,
                    requesterId, category, grid, expected, windowEndsAt, volunteerHours, ratings, finalized, composite,
                    flags + 1, followUps);
            case RatingEvent.FollowedUp e -> e.round() != round ? this : new SheetState(exists, requestId, round, teamId,
                    requesterId, category, grid, expected, windowEndsAt, volunteerHours, ratings, finalized, composite,
                    flags, followUps + 1);
            case RatingEvent.Finalized e -> e.round() != round ? this : new SheetState(exists, requestId, round, teamId,
                    requesterId, category, grid, expected, windowEndsAt, volunteerHours, ratings, true, e.composite(),
                    flags, followUps);
            case RatingEvent.PointsAwarded e -> this;
            case RatingEvent.ReputationChanged e -> this;
        };
    }
}
