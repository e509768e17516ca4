package io.sidan.kit.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The services' clock. */
@ConfigMapping(prefix = "sidan.clock")
public interface ClockConfig {

    /**
     * Shifts the services' clock by this much (e.g. {@code PT-7200S}). Unset in production. For drills and
     * acceptance tests that must run at a chosen time of day or of the month, whatever the real time is;
     * every service of one installation must get the same value.
     */
    Optional<Duration> offset();

    /**
     * A file holding the shift (an ISO-8601 duration), read again while the service runs: acceptance tests
     * move every service's clock forward together through it (past an SLA deadline, say). Unset in
     * production; wins over {@link #offset()}.
     */
    Optional<Path> offsetFile();
}
