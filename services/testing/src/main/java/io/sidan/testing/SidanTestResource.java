package io.sidan.testing;

import java.security.KeyPair;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.sidan.contracts.integrity.SigningKeys;

/**
 * Starts the real infrastructure for a service's {@code @QuarkusTest}s: the shared in-process Kafka
 * broker, the shared embedded PostgreSQL with a database for the service, and the token verification
 * of {@link TestTokens}. Dev Services stay off: nothing here needs Docker.
 *
 * <p>Init arg {@code database}: the database name (default {@code service}).
 */
public class SidanTestResource implements QuarkusTestResourceLifecycleManager {

    /** The checkpoint signing key of the services under test. */
    public static final KeyPair KEYS = SigningKeys.generate();
    private static final String PUBLIC = SigningKeys.encode(KEYS.getPublic());
    /** The test JVM's master key for residents' data keys (services under test in one JVM share it). */
    public static final String MASTER_KEY = io.sidan.contracts.privacy.MasterKey.generate();

    private String database = "service";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        Postgres pg = SharedInfrastructure.postgres();
        KafkaBroker kafka = SharedInfrastructure.kafka();
        pg.createDatabase(database);
        Map<String, String> config = new HashMap<>(TestTokens.oidcConfig());
        config.put("quarkus.datasource.jdbc.url", pg.jdbcUrl(database));
        config.put("quarkus.datasource.username", Postgres.USER);
        config.put("quarkus.datasource.password", Postgres.PASSWORD);
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("quarkus.devservices.enabled", "false");
        // one key pair for the test JVM, trusted as every service's: checkpoints signed on demand cover every event
        config.put("sidan.integrity.signing-key", SigningKeys.encode(KEYS.getPrivate()));
        config.put("sidan.integrity.trusted-keys", String.join(",", "request-service:" + PUBLIC, "dispatch-service:" + PUBLIC,
                "rating-service:" + PUBLIC));
        config.put("sidan.integrity.settle", "0s");
        config.put("sidan.privacy.master-key", MASTER_KEY);
        return config;
    }

    @Override
    public void stop() {
        // the broker and the database are shared by the whole test JVM and stop with it
    }
}
