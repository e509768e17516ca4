package io.sidan.rating.config;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import io.sidan.contracts.events.Party;
import io.sidan.rating.domain.RatingPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The rating rules operators tune; see {@link RatingPolicy}. */
@ConfigMapping(prefix = "sidan.rating")
public interface RatingConfig {

    /** Weight of each party (RESIDENT, DISPATCHER, REVIEWER) in the composite. */
    Map<String, Double> weights();

    @WithDefault("P7D")
    Duration window();

    @WithDefault("true")
    boolean expectReviewer();

    @WithDefault("10")
    int pointsPerHour();

    @WithDefault("20")
    int reputationWindow();

    /** How often the clock finalizes sheets whose window ended. */
    @WithDefault("10s")
    String windowCheck();

    default RatingPolicy policy() {
        Map<Party, Double> w = new EnumMap<>(Party.class);
        weights().forEach((party, weight) -> w.put(Party.valueOf(party), weight));
        return new RatingPolicy(Map.copyOf(w), window(), expectReviewer(), pointsPerHour(), reputationWindow());
    }
}
