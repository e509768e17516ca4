package io.sidan.request.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Rules of the request service that operators may tune. */
@ConfigMapping(prefix = "sidan.requests")
public interface RequestConfig {

    /** How long after completion a resident may ask for a follow-up (回头看). */
    @WithDefault("P30D")
    Duration reopenWindow();

    /**
     * How long the personal data of a request is kept after it ended (closed, rejected or cancelled); then it
     * is erased. Longer than the follow-up window: a request whose data is erased cannot be reopened.
     */
    @WithDefault("P180D")
    Duration personalDataRetention();

    /** How often the retention period is checked. */
    @WithDefault("1h")
    Duration retentionCheckEvery();

    /** Register the demo grids on first start (the catalogue itself is always seeded). */
    @WithDefault("true")
    boolean seedDemoGrids();
}
