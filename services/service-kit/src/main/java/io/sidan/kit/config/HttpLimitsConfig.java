package io.sidan.kit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How much HTTP work a service takes on at once, and how much each user may ask of it. */
@ConfigMapping(prefix = "sidan.http")
public interface HttpLimitsConfig {

    /**
     * API requests being handled or waiting for a worker; more are answered 503 at once. Without a
     * bound, a service offered several times what it can do queues requests until its heap is full.
     */
    @WithDefault("256")
    int maxInFlight();

    /** Per-user limits on writes (see {@code WriteRateLimits}); 0 turns one off. */
    RateLimit rateLimit();

    interface RateLimit {

        /** Writes per minute for any account: far above what a dispatcher or a team does by hand. */
        @WithDefault("120")
        int writesPerMinute();

        /** Writes per hour for a resident (submissions, cancellations, ratings…). */
        @WithDefault("30")
        int residentWritesPerHour();
    }
}
