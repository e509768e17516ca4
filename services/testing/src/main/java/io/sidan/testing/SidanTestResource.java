package io.sidan.testing;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the real infrastructure for a service's {@code @QuarkusTest}s: the shared in-process Kafka
 * broker, the shared embedded PostgreSQL with a database for the service, and the token verification
 * of {@link TestTokens}. Dev Services stay off: nothing here needs Docker.
 *
 * <p>Init arg {@code database}: the database name (default {@code service}).
 */
public class SidanTestResource implements QuarkusTestResourceLifecycleManager {

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
        return config;
    }

    @Override
    public void stop() {
        // the broker and the database are shared by the whole test JVM and stop with it
    }
}
