package io.sidan.kit.health;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import io.sidan.eventing.consumer.ConsumerStatus;
import io.sidan.eventing.outbox.OutboxBacklog;
import io.sidan.eventing.outbox.RelayStatus;
import io.sidan.kit.eventing.EventingRuntime;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import io.smallrye.health.api.Wellness;

/**
 * Health of the eventing machinery (the database has its own check from the datasource).
 *
 * <ul>
 *   <li>Readiness: eventing started, the relay and every consumer loop running; it reports the
 *       outbox backlog, consumer lag and dead letters, and whether the broker answers. A broker that
 *       is away does <em>not</em> make the service unready: commands still commit and their events
 *       wait in the outbox, which is the point of the outbox.</li>
 *   <li>Liveness: the relay and consumer threads are alive (a dead one needs a restart).</li>
 *   <li>Wellness: the broker answers; down while it is away.</li>
 * </ul>
 */
@ApplicationScoped
public class EventingHealth {

    private final EventingRuntime runtime;
    private volatile BrokerProbe lastProbe;

    public EventingHealth(EventingRuntime runtime) {
        this.runtime = runtime;
    }

    @Readiness
    HealthCheck ready() {
        return () -> {
            HealthCheckResponseBuilder b = HealthCheckResponse.named("eventing");
            boolean up = runtime.started() && relayRunning() && consumersRunning();
            describe(b);
            BrokerProbe probe = probe();
            b.withData("broker", probe.reachable() ? "reachable" : "unreachable: " + probe.error());
            return b.status(up).build();
        };
    }

    @Liveness
    HealthCheck live() {
        return () -> {
            HealthCheckResponseBuilder b = HealthCheckResponse.named("eventing-threads");
            boolean alive = !runtime.started() || (relayRunning() && consumersRunning());
            return b.status(alive).build();
        };
    }

    @Wellness
    HealthCheck broker() {
        return () -> {
            BrokerProbe probe = probe();
            HealthCheckResponseBuilder b = HealthCheckResponse.named("kafka-broker").status(probe.reachable());
            if (!probe.reachable()) {
                b.withData("error", probe.error());
            }
            return b.build();
        };
    }

    private void describe(HealthCheckResponseBuilder b) {
        RelayStatus relay = runtime.relayStatus();
        if (relay != null) {
            b.withData("relay", relay.running() ? (relay.leader() ? "publishing" : "standby") : "stopped");
            b.withData("relay.published", relay.published());
            if (relay.lastError() != null) {
                b.withData("relay.lastError", relay.lastError() + " at " + relay.lastErrorAt());
            }
            try {
                OutboxBacklog backlog = runtime.relay().backlog();
                b.withData("outbox.backlog", backlog.count());
                b.withData("outbox.oldestAgeSeconds", backlog.oldestAge().toSeconds());
            } catch (Exception e) {
                b.withData("outbox.backlog", "unknown: " + e.getMessage());
            }
        }
        for (ConsumerStatus c : runtime.consumerStatuses()) {
            b.withData("consumer." + c.name(), (c.running() ? "running" : "stopped") + ", lag " + c.lag()
                    + ", dead letters " + c.deadLettered());
        }
    }

    private boolean relayRunning() {
        RelayStatus relay = runtime.relayStatus();
        return relay == null || relay.running();
    }

    private boolean consumersRunning() {
        return runtime.consumerStatuses().stream().allMatch(ConsumerStatus::running);
    }

    /** Asks the broker for its cluster id, at most every few seconds. */
    private BrokerProbe probe() {
        BrokerProbe last = lastProbe;
        if (last != null && last.at().isAfter(Instant.now().minusSeconds(3))) {
            return last;
        }
        BrokerProbe probe;
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.kafkaConfig().get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000))) {
            admin.describeCluster().clusterId().get(2, TimeUnit.SECONDS);
            probe = new BrokerProbe(true, null, Instant.now());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            probe = new BrokerProbe(false, "interrupted", Instant.now());
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            probe = new BrokerProbe(false, e.getClass().getSimpleName(), Instant.now());
        }
        lastProbe = probe;
        return probe;
    }

    private record BrokerProbe(boolean reachable, String error, Instant at) {
    }

}
