package io.sidan.contracts.events;

import java.time.Instant;
import java.util.List;

/**
 * Facts of 多元评单, produced by the rating service. Sheet events and points use the request id as
 * stream id; {@code team.reputation-changed} uses {@code reputation:<team id>}. A request that is
 * reopened and completed again gets a new sheet: {@code round} numbers the sheets of a request from 1.
 */
public sealed interface RatingEvent extends SidanEvent {

    /** A rating sheet opened on completion, listing the parties whose rating is expected. */
    @EventType(name = "rating.opened")
    record Opened(String requestId, int round, String teamId, @Nullable String requesterId, String category, String grid,
                  List<Party> expectedParties, Instant windowEndsAt, List<VolunteerHours> volunteerHours)
            implements RatingEvent {
    }

    @EventType(name = "rating.submitted")
    record Submitted(String requestId, int round, Party party, String raterId, Scores scores, @Nullable String comment)
            implements RatingEvent {
    }

    /** A bad rating (overall 1 or 2) that admins must follow up (回访). */
    @EventType(name = "rating.flagged")
    record Flagged(String requestId, int round, Party party, String raterId, int overall, @Nullable String comment)
            implements RatingEvent {
    }

    /** An admin recorded the follow-up of a flagged rating. */
    @EventType(name = "rating.followed-up")
    record FollowedUp(String requestId, int round, String note, boolean reopenRequested) implements RatingEvent {
    }

    /**
     * The sheet is final. {@code composite} is the weighted score of the parties that rated (null when
     * nobody did); {@code noResponse} lists the expected parties that never rated: they are not counted
     * as satisfied.
     */
    @EventType(name = "rating.finalized")
    record Finalized(String requestId, int round, String teamId, @Nullable Double composite, List<PartyResult> results,
                     List<Party> noResponse, FinalizationReason reason) implements RatingEvent {
    }

    /** Volunteer points (积分, time bank) earned on one finalized request. */
    @EventType(name = "points.awarded")
    record PointsAwarded(String requestId, int round, String volunteerId, String volunteerName, double hours, int points,
                         String rule) implements RatingEvent {
    }

    /** A team's rolling reputation, fed back to dispatch to rank teams. */
    @EventType(name = "team.reputation-changed")
    record ReputationChanged(String teamId, double score, int sampleSize, int windowSize, String requestId)
            implements RatingEvent {
    }

    /** One party's overall score inside a finalized sheet, with the weight it had in the composite. */
    record PartyResult(Party party, int overall, double weight) {
    }

    /**
     * Why a sheet became final: every expected party rated, the rating window ended, or the request
     * was reopened and completed again before this sheet was final (a new round's sheet replaces it).
     */
    enum FinalizationReason {
        ALL_RATED, WINDOW_ENDED, SUPERSEDED
    }
}
