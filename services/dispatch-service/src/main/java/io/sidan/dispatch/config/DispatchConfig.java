package io.sidan.dispatch.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Dispatch rules operators tune. The deadlines are not here: they are each case's SLA targets, from the
 * catalogue's category × urgency, carried in its events.
 */
@ConfigMapping(prefix = "sidan.dispatch")
public interface DispatchConfig {

    /** Categories the platform assigns by itself to the top eligible suggestion. */
    Optional<List<String>> autoCategories();

    /** How often the clock checks deadlines and overdue cases. */
    @WithDefault("5s")
    String deadlineCheck();

    /** Declines within this period lower a team's ranking. */
    @WithDefault("P30D")
    Duration declineMemory();

    /** How long after completing a service its team may still read the resident's contact (to follow up). */
    @WithDefault("P3D")
    Duration teamContactAfterCompletion();

    /** Register the demo teams on first start. */
    @WithDefault("true")
    boolean seedDemoTeams();

    /**
     * The request service, which keeps requests' data keys: residents' contacts arrive sealed, and opening
     * them takes the request's key (docs/architecture.md, "Personal data and erasure").
     */
    @WithDefault("http://localhost:8081")
    String requestServiceUrl();

    default boolean automatic(String category) {
        return autoCategories().map(list -> list.contains(category)).orElse(false);
    }
}
