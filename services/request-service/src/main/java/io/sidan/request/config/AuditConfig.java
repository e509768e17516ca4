package io.sidan.request.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How audit reports group and rank. */
@ConfigMapping(prefix = "sidan.audit")
public interface AuditConfig {

    /** The time zone periods (days, weeks, months, quarters) are counted in. */
    @WithDefault("Asia/Shanghai")
    String zone();

    /** Teams and grids with fewer cases than this are listed apart in rankings, not ranked. */
    @WithDefault("5")
    int rankingMinSample();
}
