package io.sidan.eventing;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/**
 * Creates and migrates the eventing tables (event store, processed messages, dead letters). They have
 * their own Flyway history table, so a service's own migrations keep their own version numbers.
 */
public final class EventingSchema {

    public static final String HISTORY_TABLE = "eventing_schema_history";

    private EventingSchema() {
    }

    public static void migrate(DataSource dataSource) {
        Flyway.configure(EventingSchema.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/eventing")
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
