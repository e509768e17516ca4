package io.sidan.rating.application;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;

/** Finalizes sheets whose rating window ended, so nothing waits forever on a party that never rates. */
@ApplicationScoped
public class WindowClock {

    private final RatingApplication ratings;
    private final Clock clock;

    public WindowClock(RatingApplication ratings, Clock clock) {
        this.ratings = ratings;
        this.clock = clock;
    }

    @Scheduled(every = "${sidan.rating.window-check:10s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        ratings.closeWindows(clock.instant());
    }
}
