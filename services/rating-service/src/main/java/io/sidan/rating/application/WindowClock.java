package io.sidan.rating.application;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import io.sidan.eventing.tx.OneAtATime;

/**
 * Finalizes sheets whose rating window ended, so nothing waits forever on a party that never rates.
 * With several instances, one scans at a time ({@link OneAtATime}); the others skip their turn.
 */
@ApplicationScoped
public class WindowClock {

    private final RatingApplication ratings;
    private final Clock clock;
    private final OneAtATime oneAtATime;

    public WindowClock(RatingApplication ratings, Clock clock, AgroalDataSource dataSource) {
        this.ratings = ratings;
        this.clock = clock;
        this.oneAtATime = new OneAtATime(dataSource);
    }

    @Scheduled(every = "${sidan.rating.window-check:10s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        oneAtATime.runIfFree("rating-windows", () -> ratings.closeWindows(clock.instant()));
    }
}
