package io.sidan.dispatch.application;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.sidan.contracts.events.CaseEvent;
import io.sidan.contracts.events.EscalationCause;
import io.sidan.contracts.events.Urgency;
import io.sidan.dispatch.projection.CaseView;
import io.sidan.eventing.command.CommandHandler;
import io.sidan.eventing.tx.Transactions;

/**
 * The dispatch figures operators and 督办 staff alert on (Prometheus, {@code /q/metrics}): how long
 * cases take to be dispatched, accepted and completed (histograms with buckets at the usual SLA
 * limits), deadlines missed, and the cases waiting now by urgency and escalation level. Labels are
 * urgencies and clocks only, never a request or a team. Times are recorded by the instance that ran the
 * command, so Prometheus sums the instances; the waiting gauge reads the database, so every instance
 * reports the same figure (take the max, not the sum).
 */
@ApplicationScoped
public class CaseMetrics {

    /** 10 and 15 minutes, 1, 2, 4, 8 and 24 hours, 3 and 7 days: the catalogue's SLA limits and beyond. */
    private static final Duration[] SLA_BUCKETS = {Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4), Duration.ofHours(8), Duration.ofHours(24),
            Duration.ofDays(3), Duration.ofDays(7)};

    private final MeterRegistry registry;
    private final Transactions tx;
    private final MultiGauge waiting;

    public CaseMetrics(MeterRegistry registry, Transactions tx) {
        this.registry = registry;
        this.tx = tx;
        this.waiting = MultiGauge.builder("sidan.cases.waiting")
                .description("cases no team has accepted yet (waiting, offered or assigned), by urgency and escalation level")
                .register(registry);
        for (Urgency u : Urgency.values()) { // from zero, so that alerts on their rate see every series from the start
            for (String clock : List.of("accept", "dispatch", "complete")) {
                breaches(clock, Tags.of("urgency", u.name()));
            }
        }
    }

    /** Records what one command did to a case, from the events it appended and the case as it now is. */
    void record(List<CommandHandler.Appended<CaseEvent>> appended, CaseView view) {
        for (CommandHandler.Appended<CaseEvent> a : appended) {
            Instant at = a.envelope().occurredAt();
            Tags urgency = Tags.of("urgency", view.urgency);
            switch (a.event()) {
                case CaseEvent.Assigned e when e.attempt() == 1 -> dispatched(view, at, urgency);
                case CaseEvent.Offered e when e.attempt() == 1 -> dispatched(view, at, urgency);
                case CaseEvent.Accepted e -> timer("sidan.case.time.to.accept", "first dispatch → accepted", urgency)
                        .record(between(view.dispatchedAt, at));
                case CaseEvent.ServiceCompleted e -> timer("sidan.case.time.to.complete", "queued → service completed", urgency)
                        .record(between(view.queuedAt, at));
                case CaseEvent.AcceptExpired e -> breach("accept", urgency);
                case CaseEvent.Escalated e when e.cause() == EscalationCause.DISPATCH_OVERDUE -> breach("dispatch", urgency);
                case CaseEvent.Escalated e when e.cause() == EscalationCause.COMPLETION_OVERDUE -> breach("complete", urgency);
                default -> {
                }
            }
        }
    }

    /** Every 15 s, the waiting cases by urgency and escalation level (one grouped query over a partial index). */
    @Scheduled(every = "15s", delayed = "5s")
    public void refreshWaiting() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        List<Object[]> counts = tx.inTransaction(c -> CaseView.getEntityManager().createQuery(
                "select v.urgency, v.escalationLevel, count(v) from CaseView v "
                        + "where v.phase in ('WAITING', 'OFFERED', 'ASSIGNED') group by v.urgency, v.escalationLevel",
                Object[].class).getResultList());
        for (Urgency u : Urgency.values()) { // zeros too: an alert on "no longer waiting" needs the series
            for (int level = 0; level <= 2; level++) {
                long n = 0;
                for (Object[] row : counts) {
                    if (u.name().equals(row[0]) && Math.min(((Number) row[1]).intValue(), 2) == level) {
                        n += ((Number) row[2]).longValue();
                    }
                }
                rows.add(MultiGauge.Row.of(Tags.of("urgency", u.name(), "escalation", level == 2 ? "2+" : String.valueOf(level)), n));
            }
        }
        waiting.register(rows, true);
    }

    private void dispatched(CaseView view, Instant at, Tags urgency) {
        timer("sidan.case.time.to.dispatch", "queued → first assigned or offered", urgency).record(between(view.queuedAt, at));
    }

    private Timer timer(String name, String description, Tags tags) {
        return Timer.builder(name).description(description).tags(tags).serviceLevelObjectives(SLA_BUCKETS)
                .register(registry);
    }

    private void breach(String clock, Tags urgency) {
        breaches(clock, urgency).increment();
    }

    private Counter breaches(String clock, Tags urgency) {
        return Counter.builder("sidan.sla.breaches").description("deadlines missed: accept (an assignment expired), dispatch "
                + "(a case escalated, waiting past its dispatch SLA) or complete (not completed within its SLA: 督办)").tags(urgency.and("clock", clock)).register(registry);
    }

    private static Duration between(Instant from, Instant to) {
        return from == null || to.isBefore(from) ? Duration.ZERO : Duration.between(from, to);
    }
}
