package io.sidan.kit.integrity;

import java.io.OutputStream;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.sidan.contracts.Topics;
import io.sidan.contracts.events.IntegrityEvent;
import io.sidan.contracts.events.SidanEvent;
import io.sidan.contracts.integrity.IntegrityReport;
import io.sidan.contracts.integrity.ServiceSignatures;
import io.sidan.contracts.integrity.SigningKeys;
import io.sidan.eventing.consumer.EventHandler;
import io.sidan.eventing.integrity.CheckpointWitness;
import io.sidan.eventing.integrity.Checkpointer;
import io.sidan.eventing.integrity.SigningIdentity;
import io.sidan.eventing.integrity.StoreIntegrity;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.tx.OneAtATime;
import io.sidan.eventing.tx.Transactions;
import io.sidan.kit.config.EventingConfig;
import io.sidan.kit.config.IntegrityConfig;
import io.sidan.kit.eventing.JtaTransactions;
import io.sidan.kit.eventing.Subscription;
import org.jboss.logging.Logger;

/**
 * Tamper evidence in a service: signs a checkpoint of its store every {@code sidan.integrity.checkpoint-every}
 * (one instance at a time), witnesses every service's checkpoints from {@code sidan.integrity.events}
 * (alarms logged, counted and kept), and checks or exports its store for admins.
 */
@ApplicationScoped
public class Integrity {

    private static final Logger LOG = Logger.getLogger(Integrity.class);
    /** Checking or exporting reads the whole store in one transaction: far longer than a command gets. */
    private static final Duration WHOLE_STORE_TIME_LIMIT = Duration.ofHours(2);

    private final EventStore store;
    private final Transactions transactions;
    private final Transactions longTransactions;
    private final OneAtATime oneAtATime;
    private final Clock clock;
    private final Optional<SigningIdentity> identity;
    private final Map<String, PublicKey> trustedKeys;
    private final CheckpointWitness witness;
    private final Checkpointer checkpointer;
    private final Counter alarmCount;

    public Integrity(IntegrityConfig config, EventingConfig eventing, EventStore store, JtaTransactions transactions,
                     AgroalDataSource dataSource, Clock clock, MeterRegistry registry) {
        this.store = store;
        this.transactions = transactions;
        this.longTransactions = transactions.withTimeout(WHOLE_STORE_TIME_LIMIT);
        this.oneAtATime = new OneAtATime(dataSource);
        this.clock = clock;
        this.trustedKeys = parse(config.trustedKeys().orElse(List.of()));
        PublicKey own = trustedKeys.get(eventing.source());
        if (config.signingKey().isPresent() && own == null) {
            throw new IllegalStateException("sidan.integrity.trusted-keys has no key for " + eventing.source()
                    + ", the public key of sidan.integrity.signing-key");
        }
        this.identity = config.signingKey().map(k -> new SigningIdentity(SigningKeys.privateKey(k), own));
        if (identity.isEmpty()) {
            LOG.warnf("no sidan.integrity.signing-key: %s signs no checkpoints of its store", eventing.source());
        }
        this.witness = new CheckpointWitness(trustedKeys, clock);
        this.checkpointer = identity.map(id -> new Checkpointer(store, id, clock, config.settle(), config.storeCheckEvery())).orElse(null);
        this.alarmCount = Counter.builder("sidan.integrity.alarms")
                .description("problems found with received checkpoints (any service's) since start").register(registry);
    }

    @Scheduled(every = "${sidan.integrity.checkpoint-every:10m}", delayed = "${sidan.integrity.checkpoint-every:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        checkpoint(false);
    }

    /**
     * Signs the next checkpoint now, if there is anything new: empty when there is not, when this service has
     * no key, or when another instance is signing one at this moment (one instance at a time). With
     * {@code checkStore}, it checks the whole store against the previous checkpoint first, whenever it last did.
     */
    public Optional<IntegrityEvent.CheckpointSigned> checkpoint(boolean checkStore) {
        if (checkpointer == null) {
            return Optional.empty();
        }
        Optional<IntegrityEvent.CheckpointSigned> signed = oneAtATime.callIfFree("integrity-checkpoint",
                () -> longTransactions.inTransaction(c -> checkpointer.checkpoint(c, checkStore)));
        if (signed == null) {
            return Optional.empty();
        }
        signed.ifPresent(cp -> LOG.infof("checkpoint #%d signed: %d events in %d streams up to position %d", cp.sequence(),
                cp.events(), cp.streams(), cp.position()));
        return signed;
    }

    @Produces
    @ApplicationScoped
    Subscription checkpoints(EventingConfig eventing) {
        EventHandler handler = (c, e) -> {
            if (e.event().orElse(null) instanceof IntegrityEvent.CheckpointSigned cp) {
                for (String problem : witness.receive(c, cp)) {
                    alarmCount.increment();
                    LOG.errorf("integrity alarm: %s", problem);
                }
            }
        };
        return new Subscription() {
            @Override
            public String name() {
                return eventing.source() + ".integrity";
            }

            @Override
            public List<String> topics() {
                return List.of(Topics.INTEGRITY_EVENTS);
            }

            @Override
            public EventHandler handler() {
                return handler;
            }

            @Override
            public Set<Class<? extends SidanEvent>> eventTypes() {
                return Set.of(IntegrityEvent.class);
            }
        };
    }

    /** Checks this service's whole store now. */
    public IntegrityReport check() {
        return longTransactions.inTransaction(c -> StoreIntegrity.check(c, store, ownKey()));
    }

    /** Writes this service's whole store as an export, or (streams not empty) those streams with their proofs. */
    public void export(List<String> streams, OutputStream out) {
        longTransactions.inTransaction(c -> {
            if (streams.isEmpty()) {
                StoreIntegrity.export(c, store, ownKey(), clock.instant(), out);
            } else {
                StoreIntegrity.exportStreams(c, store, ownKey(), streams, clock.instant(), out);
            }
            return null;
        });
    }

    public List<IntegrityEvent.CheckpointSigned> witnessed(String service) {
        return transactions.inTransaction(c -> CheckpointWitness.witnessed(c, service));
    }

    public List<CheckpointWitness.Alarm> alarms(int limit) {
        return transactions.inTransaction(c -> CheckpointWitness.alarms(c, limit));
    }

    public String service() {
        return store.source();
    }

    public boolean signing() {
        return checkpointer != null;
    }

    /**
     * The {@link ServiceSignatures#HEADER} that proves to another service that this one is calling; empty
     * without a signing key. Signed with the machine's time, not the service clock: freshness of a call is
     * about the network, and tests move service clocks by hours.
     */
    public Optional<String> signCall(String method, String path) {
        return identity.map(id -> ServiceSignatures.sign(store.source(), id.privateKey(), method, path, Instant.now()));
    }

    /** The service whose signature {@code header} is, when it is valid, recent and from a trusted key. */
    public Optional<String> callingService(String header, String method, String path) {
        return ServiceSignatures.verify(header, trustedKeys, method, path, Instant.now());
    }

    public Optional<String> publicKey() {
        return Optional.ofNullable(ownKey()).map(SigningKeys::encode);
    }

    private PublicKey ownKey() {
        return trustedKeys.get(store.source());
    }

    static Map<String, PublicKey> parse(List<String> entries) {
        Map<String, PublicKey> keys = new HashMap<>();
        for (String entry : entries) {
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("sidan.integrity.trusted-keys: '" + entry + "' is not <service>:<key>");
            }
            keys.put(entry.substring(0, colon).strip(), SigningKeys.publicKey(entry.substring(colon + 1)));
        }
        return keys;
    }
}
