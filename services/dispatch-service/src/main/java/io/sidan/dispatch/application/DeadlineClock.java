package io.sidan.dispatch.application;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import io.sidan.eventing.tx.OneAtATime;

/**
 * The clock that enforces accept deadlines (接单时限) and dispatch SLAs. With several instances, one
 * scans at a time ({@link OneAtATime}): the others skip their turn instead of reading the same overdue
 * cases. Even so, each expiry is an append at the case's expected version, so a team's accept in the
 * same moment conflicts instead of racing it.
 */
@ApplicationScoped
public class DeadlineClock {

    private final CaseApplication cases;
    private final Clock clock;
    private final OneAtATime oneAtATime;

    public DeadlineClock(CaseApplication cases, Clock clock, AgroalDataSource dataSource) {
        this.cases = cases;
        this.clock = clock;
        this.oneAtATime = new OneAtATime(dataSource);
    }

    @Scheduled(every = "${sidan.dispatch.deadline-check:5s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        oneAtATime.runIfFree("dispatch-deadlines", () -> cases.checkDeadlines(clock.instant()));
    }
}
