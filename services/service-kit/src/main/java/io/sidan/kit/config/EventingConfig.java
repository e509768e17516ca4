package io.sidan.kit.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How a service runs its eventing: its name as event source, the outbox relay, and its consumers. */
@ConfigMapping(prefix = "sidan.eventing")
public interface EventingConfig {

    /** This service's name: the CloudEvents {@code source} of its events, e.g. {@code request-service}. */
    String source();

    Relay relay();

    Consumers consumers();

    interface Relay {

        /** Off only in tests that drive publishing themselves. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Events read, sent and acknowledged per round. Matters only with a backlog (after a broker
         * outage, say); the benchmark measured 500 → 2,000 → 5,000 at about 20k → 24k → 35k events/s.
         */
        @WithDefault("2000")
        int batchSize();

        /** The fallback poll when no commit woke the relay (another instance wrote, say). */
        @WithDefault("500ms")
        Duration pollInterval();

        /** The longest pause between attempts while the broker is away. */
        @WithDefault("5s")
        Duration maxBackoff();

        /**
         * How long the relay, woken by a commit while appends come often (it sent less than a linger ago), waits
         * for more before it reads: the appends of those moments share one Kafka transaction (less broker work
         * per event under load, that much more latency; none after a quiet spell). Measured 10 → 40 ms: at 100
         * submits/s the request relay's transactions 1,476 → 699–1,014 a minute and the broker's CPU per submit
         * 3.1 → 2.3–2.7 ms; propagation at 25/s p50 about 20 → 40 ms (docs/benchmarks-profile.md).
         */
        @WithDefault("40ms")
        Duration linger();
    }

    interface Consumers {

        @WithDefault("true")
        boolean enabled();

        /** Attempts per record before it goes to the dead-letter topic. */
        @WithDefault("4")
        int maxAttempts();

        /** The wait after the first failure; doubles after each further one. */
        @WithDefault("200ms")
        Duration firstBackoff();

        /**
         * How often a consumer commits the positions it handled, at most (and at once when it gives partitions
         * up or stops): each commit is a broker write; after a crash up to this much is read again, as no-ops.
         */
        @WithDefault("1s")
        Duration commitInterval();
    }
}
