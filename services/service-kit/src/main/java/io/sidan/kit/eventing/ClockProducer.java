package io.sidan.kit.eventing;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.arc.DefaultBean;
import io.sidan.kit.config.ClockConfig;

/**
 * The services' clock: the system clock in UTC (shifted by {@code sidan.clock.offset} when set, or by
 * what {@code sidan.clock.offset-file} holds), unless something (a test) provides another.
 */
@Singleton
public class ClockProducer {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock(ClockConfig config) {
        if (config.offsetFile().isPresent()) {
            return new FileOffsetClock(config.offsetFile().get());
        }
        return config.offset().map(offset -> Clock.offset(Clock.systemUTC(), offset)).orElse(Clock.systemUTC());
    }
}
