package io.sidan.kit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How much HTTP work a service takes on at once. */
@ConfigMapping(prefix = "sidan.http")
public interface HttpLimitsConfig {

    /**
     * API requests being handled or waiting for a worker; more are answered 503 at once. Without a
     * bound, a service offered several times what it can do queues requests until its heap is full.
     */
    @WithDefault("256")
    int maxInFlight();
}
