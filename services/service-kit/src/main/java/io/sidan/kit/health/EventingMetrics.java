package io.sidan.kit.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.sidan.eventing.consumer.ConsumerStatus;
import io.sidan.eventing.outbox.OutboxBacklog;
import io.sidan.kit.eventing.EventingRuntime;

/**
 * Eventing figures for Prometheus ({@code /q/metrics}): outbox backlog and the age of its oldest
 * event, events published, and per consumer its lag, records processed and dead-lettered.
 *
 * <p>The outbox is one per database, so only the instance whose relay is active reports its backlog
 * (the others report NaN, which Prometheus keeps apart from a value): summed over instances, it counts
 * once. {@code sidan.outbox.relay.leader} is 1 on that instance, so "no active relay" is a sum of 0.
 */
@ApplicationScoped
public class EventingMetrics {

    void register(@Observes StartupEvent event, MeterRegistry registry, EventingRuntime runtime) {
        Gauge.builder("sidan.outbox.backlog", runtime, r -> leader(r) ? backlog(r).count() : Double.NaN)
                .description("events committed but not yet acknowledged by the broker (reported by the active relay)")
                .register(registry);
        Gauge.builder("sidan.outbox.oldest.age.seconds", runtime,
                        r -> leader(r) ? backlog(r).oldestAge().toMillis() / 1000.0 : Double.NaN)
                .description("how long the oldest unpublished event has waited (reported by the active relay)")
                .register(registry);
        Gauge.builder("sidan.outbox.relay.leader", runtime, r -> leader(r) ? 1 : 0)
                .description("1 on the instance whose outbox relay is the active one").register(registry);
        Gauge.builder("sidan.outbox.published", runtime, r -> r.relayStatus() == null ? 0 : r.relayStatus().published())
                .description("events published by this instance since it started").register(registry);
        Gauge.builder("sidan.outbox.transactions", runtime, r -> r.relayStatus() == null ? 0 : r.relayStatus().transactions())
                .description("Kafka transactions (batches) this instance's relay committed since it started").register(registry);
        for (ConsumerStatus c : runtime.consumerStatuses()) {
            String name = c.name();
            Gauge.builder("sidan.consumer.lag", runtime, r -> status(r, name).lag()).tag("consumer", name)
                    .description("records behind the end of the consumer's partitions").register(registry);
            Gauge.builder("sidan.consumer.processed", runtime, r -> status(r, name).processed()).tag("consumer", name)
                    .register(registry);
            Gauge.builder("sidan.consumer.dead.lettered", runtime, r -> status(r, name).deadLettered()).tag("consumer", name)
                    .description("records sent to the dead-letter topic since start").register(registry);
            Gauge.builder("sidan.consumer.retried", runtime, r -> status(r, name).retried()).tag("consumer", name)
                    .description("handlings repeated after a failure since start").register(registry);
            Gauge.builder("sidan.consumer.delay.seconds", runtime, r -> status(r, name).delaySeconds()).tag("consumer", name)
                    .description("how old the newest handled event was when it was handled (occurrence to commit here)")
                    .register(registry);
        }
    }

    private static boolean leader(EventingRuntime runtime) {
        return runtime.relayStatus() != null && runtime.relayStatus().leader();
    }

    private static OutboxBacklog backlog(EventingRuntime runtime) {
        try {
            return runtime.relay() == null ? new OutboxBacklog(0, java.time.Duration.ZERO) : runtime.relay().backlog();
        } catch (Exception e) {
            return new OutboxBacklog(-1, java.time.Duration.ZERO);
        }
    }

    private static ConsumerStatus status(EventingRuntime runtime, String name) {
        return runtime.consumerStatuses().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElse(new ConsumerStatus(name, false, -1, 0, 0, 0, 0, Double.NaN, null, null, null));
    }
}
