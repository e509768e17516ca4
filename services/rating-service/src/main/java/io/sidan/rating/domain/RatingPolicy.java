package io.sidan.rating.domain;

import java.time.Duration;
import java.util.Map;

import io.sidan.contracts.events.Party;

/**
 * The tunable rules of 多元评单.
 *
 * @param weights        weight of each party's overall score in the composite (the team's own rating
 *                       never counts)
 * @param window         how long after completion the parties may rate
 * @param expectReviewer whether a community reviewer's rating is expected on every sheet
 * @param pointsPerHour  volunteer points per hour of service, before the quality multiplier
 * @param reputationWindow how many of a team's latest rated sheets make its reputation
 */
public record RatingPolicy(Map<Party, Double> weights, Duration window, boolean expectReviewer, int pointsPerHour,
                           int reputationWindow) {

    public static final RatingPolicy DEFAULT = new RatingPolicy(
            Map.of(Party.RESIDENT, 0.5, Party.DISPATCHER, 0.2, Party.REVIEWER, 0.3), Duration.ofDays(7), true, 10, 20);

    public double weight(Party party) {
        return party == Party.TEAM ? 0 : weights.getOrDefault(party, 0.0);
    }
}
