package io.sidan.request.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How audit reports rank (their periods are counted in the centre's zone, {@code sidan.centre.zone}). */
@ConfigMapping(prefix = "sidan.audit")
public interface AuditConfig {

    /** Teams and grids with fewer cases than this are listed apart in rankings, not ranked. */
    @WithDefault("5")
    int rankingMinSample();

    /** How often changed cells are folded into the audit roll-ups (the scheduler reads the same property). */
    @WithDefault("5s")
    java.time.Duration rollUpEvery();
}
