package io.sidan.kit.eventing;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.agroal.api.AgroalDataSource;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sidan.contracts.Topics;
import io.sidan.contracts.envelope.EventCatalogue;
import io.sidan.eventing.EventingSchema;
import io.sidan.eventing.consumer.ConsumerRunner;
import io.sidan.kit.api.LogContext;
import io.sidan.eventing.consumer.ConsumerSettings;
import io.sidan.eventing.consumer.ConsumerStatus;
import io.sidan.eventing.outbox.OutboxRelay;
import io.sidan.eventing.outbox.RelaySettings;
import io.sidan.eventing.outbox.RelayStatus;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.trace.EventTracing;
import io.sidan.kit.config.EventingConfig;
import org.apache.kafka.clients.CommonClientConfigs;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Eventing with the application's lifecycle: on start it migrates the eventing tables, starts the
 * outbox relay (woken after every commit) and one consumer per {@link Subscription}; on shutdown it
 * stops them cleanly. It also provides the service's {@link EventStore}.
 */
@ApplicationScoped
public class EventingRuntime {

    private final EventingConfig config;
    private final AgroalDataSource dataSource;
    private final JtaTransactions transactions;
    private final Instance<Subscription> subscriptions;
    private final Clock clock;
    private final String bootstrapServers;
    private final EventTracing tracing;
    private final EventStore store;

    private volatile OutboxRelay relay;
    private final List<ConsumerRunner> consumers = new ArrayList<>();
    private volatile boolean started;

    public EventingRuntime(EventingConfig config, AgroalDataSource dataSource, JtaTransactions transactions,
                           Instance<Subscription> subscriptions, Clock clock, OpenTelemetry openTelemetry,
                           @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.subscriptions = subscriptions;
        this.clock = clock;
        this.bootstrapServers = bootstrapServers;
        // a no-op unless tracing is switched on (quarkus.otel.sdk.disabled=false)
        this.tracing = new EventTracing(openTelemetry);
        this.store = new EventStore(config.source(), EventCatalogue.standard(), Topics::of, clock, tracing);
    }

    void start(@Observes @Priority(10) StartupEvent event) {
        EventingSchema.migrate(dataSource);
        Map<String, Object> kafka = kafkaConfig();
        if (config.relay().enabled()) {
            relay = new OutboxRelay(store, dataSource, kafka, new RelaySettings(config.source(),
                    config.relay().batchSize(), config.relay().pollInterval(), config.relay().maxBackoff(), config.relay().linger()),
                    clock, tracing);
            relay.start();
        }
        if (config.consumers().enabled()) {
            for (Subscription s : subscriptions) {
                Set<String> types = new TreeSet<>();
                s.eventTypes().forEach(type -> types.addAll(store.catalogue().typesOf(type)));
                ConsumerRunner runner = new ConsumerRunner(ConsumerSettings.of(s.name(), s.topics())
                        .withRetries(config.consumers().maxAttempts(), config.consumers().firstBackoff()).withTypes(types)
                        .withCommitInterval(config.consumers().commitInterval()),
                        kafka, transactions, store.catalogue(), LogContext.aroundEvents(s.handler()), clock, tracing);
                consumers.add(runner);
                runner.start();
            }
        }
        started = true;
    }

    void stop(@Observes ShutdownEvent event) {
        consumers.forEach(ConsumerRunner::close);
        if (relay != null) {
            relay.close();
        }
    }

    @Produces
    @Singleton
    EventStore eventStore() {
        return store;
    }

    public boolean started() {
        return started;
    }

    /** The relay, or null when it is disabled. */
    public OutboxRelay relay() {
        return relay;
    }

    public RelayStatus relayStatus() {
        return relay == null ? null : relay.status();
    }

    public List<ConsumerStatus> consumerStatuses() {
        return consumers.stream().map(ConsumerRunner::status).toList();
    }

    /** Re-reads a subscription's topics from the beginning (after its read model was reset). */
    public void replay(String consumerName) {
        consumers.stream().filter(c -> c.name().equals(consumerName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no consumer " + consumerName))
                .replayFromBeginning();
    }

    public Map<String, Object> kafkaConfig() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }

    public JtaTransactions transactions() {
        return transactions;
    }
}
