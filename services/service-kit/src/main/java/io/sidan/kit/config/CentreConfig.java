package io.sidan.kit.config;

import java.time.ZoneId;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The civilization-practice centre every service works for. */
@ConfigMapping(prefix = "sidan.centre")
public interface CentreConfig {

    /**
     * The centre's time zone: every day, month and quarter boundary (the audit's periods, "this month" on
     * the dashboard) is counted in it, and times shown to people are written in it. The same for every
     * service of one installation. An id the JDK does not know stops the service at start, naming it.
     */
    @WithDefault("Asia/Shanghai")
    ZoneId zone();
}
