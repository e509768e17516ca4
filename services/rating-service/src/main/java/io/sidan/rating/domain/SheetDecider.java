package io.sidan.rating.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.sidan.contracts.events.Party;
import io.sidan.contracts.events.RatingEvent;
import io.sidan.contracts.events.VolunteerHours;
import io.sidan.contracts.domain.Decider;
import io.sidan.contracts.domain.Rejection;

/**
 * The rules of 多元评单, as pure functions: open a sheet on completion, one rating per party, flag bad
 * ratings at once, finalize when everyone expected rated or the window ends, award points once.
 */
public final class SheetDecider {

    /** Overall scores at or below this are bad ratings that need a follow-up (回访). */
    public static final int BAD = 2;

    private SheetDecider() {
    }

    /** This decider under a rating policy, for the command handler. */
    public static Decider<SheetState, SheetCommand, RatingEvent> with(RatingPolicy policy) {
        return Decider.of(SheetState.NONE, (command, state) -> decide(command, state, policy), SheetDecider::evolve,
                RatingEvent.class);
    }

    public static SheetState evolve(SheetState state, RatingEvent event, Instant at) {
        return state.evolve(event, at);
    }

    public static List<RatingEvent> decide(SheetCommand command, SheetState s, RatingPolicy policy) {
        return switch (command) {
            case SheetCommand.Open c -> open(c, s, policy);
            case SheetCommand.Rate c -> rate(c, s, policy);
            case SheetCommand.CloseWindow c -> s.exists() && !s.finalized() && !c.now().isBefore(s.windowEndsAt())
                    ? finalize(s, RatingEvent.FinalizationReason.WINDOW_ENDED, policy) : List.of();
            case SheetCommand.FollowUp c -> {
                if (!s.exists() || s.flags() == 0) {
                    throw new Rejection("There is no bad rating to follow up on this request.", status(s));
                }
                yield List.of(new RatingEvent.FollowedUp(s.requestId(), s.round(), c.note(), c.reopenRequested()));
            }
        };
    }

    public static String status(SheetState s) {
        return !s.exists() ? "NOT_COMPLETED" : s.finalized() ? "FINAL" : "OPEN";
    }

    private static List<RatingEvent> open(SheetCommand.Open c, SheetState s, RatingPolicy policy) {
        if (s.exists() && c.round() <= s.round()) {
            return List.of(); // a redelivered or late completion
        }
        List<RatingEvent> events = new ArrayList<>();
        if (s.exists() && !s.finalized()) {
            events.addAll(finalize(s, RatingEvent.FinalizationReason.SUPERSEDED, policy));
        }
        List<Party> expected = new ArrayList<>();
        if (c.requesterId() != null) {
            expected.add(Party.RESIDENT);
        }
        expected.add(Party.DISPATCHER);
        if (policy.expectReviewer()) {
            expected.add(Party.REVIEWER);
        }
        events.add(new RatingEvent.Opened(c.requestId(), c.round(), c.teamId(), c.requesterId(), c.category(), c.grid(),
                expected, c.completedAt().plus(policy.window()), c.volunteerHours()));
        return events;
    }

    private static List<RatingEvent> rate(SheetCommand.Rate c, SheetState s, RatingPolicy policy) {
        if (!s.exists()) {
            throw new Rejection("The service is not completed yet; it can be rated once it is.", status(s));
        }
        if (s.finalized()) {
            throw new Rejection("The rating of this request is final.", status(s));
        }
        if (s.rated(c.party())) {
            throw new Rejection("The " + c.party().name().toLowerCase() + " has rated this request already.", status(s));
        }
        if (!c.now().isBefore(s.windowEndsAt())) {
            throw new Rejection("The rating window ended at " + s.windowEndsAt() + ".", status(s));
        }
        List<RatingEvent> events = new ArrayList<>();
        RatingEvent.Submitted submitted = new RatingEvent.Submitted(s.requestId(), s.round(), c.party(), c.raterId(),
                c.scores(), c.comment());
        events.add(submitted);
        if (c.scores().overall() <= BAD) {
            events.add(new RatingEvent.Flagged(s.requestId(), s.round(), c.party(), c.raterId(), c.scores().overall(),
                    c.comment()));
        }
        SheetState after = s.evolve(submitted, c.now());
        if (after.complete()) {
            events.addAll(finalize(after, RatingEvent.FinalizationReason.ALL_RATED, policy));
        }
        return events;
    }

    /** The sheet's final word: the composite, who did not respond, and the volunteers' points. */
    private static List<RatingEvent> finalize(SheetState s, RatingEvent.FinalizationReason reason, RatingPolicy policy) {
        Double composite = Scoring.composite(s, policy);
        List<Party> noResponse = s.expected().stream().filter(p -> !s.rated(p)).toList();
        List<RatingEvent> events = new ArrayList<>();
        events.add(new RatingEvent.Finalized(s.requestId(), s.round(), s.teamId(), composite, Scoring.results(s, policy),
                noResponse, reason));
        for (VolunteerHours h : s.volunteerHours()) {
            events.add(new RatingEvent.PointsAwarded(s.requestId(), s.round(), h.volunteerId(), h.name(), h.hours(),
                    Scoring.points(h.hours(), composite, policy), Scoring.rule(h.hours(), composite, policy)));
        }
        return events;
    }
}
