package io.sidan.testing;

import java.time.Clock;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** In Quarkus tests, every service's {@link Clock} is the controllable {@link MutableClock}. */
@Singleton
public class TestClockProducer {

    @Produces
    @Alternative
    @Priority(1000)
    @Singleton
    Clock clock() {
        return MutableClock.get();
    }
}
