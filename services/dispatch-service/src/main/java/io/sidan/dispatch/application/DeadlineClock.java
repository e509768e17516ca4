package io.sidan.dispatch.application;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;

/**
 * The clock that enforces accept deadlines (接单时限) and dispatch SLAs. Safe with several instances:
 * each expiry is an append at the case's expected version, so a second instance (or a team's accept
 * in the same moment) conflicts instead of expiring twice.
 */
@ApplicationScoped
public class DeadlineClock {

    private final CaseApplication cases;
    private final Clock clock;

    public DeadlineClock(CaseApplication cases, Clock clock) {
        this.cases = cases;
        this.clock = clock;
    }

    @Scheduled(every = "${sidan.dispatch.deadline-check:5s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        cases.checkDeadlines(clock.instant());
    }
}
