package io.sidan.eventing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import io.sidan.testing.Postgres;
import io.sidan.testing.SharedInfrastructure;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** A database written before the outbox table existed keeps every event it had not published yet. */
class OutboxMigrationTest {

    @Test
    void eventsNotYetPublishedUnderTheOldSchemaAreInTheOutboxAfterTheMigration() throws Exception {
        Postgres pg = SharedInfrastructure.postgres();
        String db = "outbox_migration_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        pg.createDatabase(db);
        DataSource ds = pg.dataSource(db);
        Flyway.configure(EventingSchema.class.getClassLoader()).dataSource(ds).locations("classpath:db/eventing")
                .table(EventingSchema.HISTORY_TABLE).target("1").load().migrate();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (int version = 1; version <= 3; version++) {
                s.execute("insert into event_store (stream_id, version, event_id, topic, type, schema_version, payload, "
                        + "actor_role, actor_id, actor_name, occurred_at, prev_hash, hash, published_at) values ('old', " + version
                        + ", '" + UUID.randomUUID() + "', 't', 'request.cancelled', 1, '{}', 'system', 's', 's', now(), "
                        + "repeat('0', 64), repeat('1', 64), " + (version == 1 ? "now()" : "null") + ")");
            }
        }

        EventingSchema.migrate(ds);

        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select version from outbox join event_store using (global_position) order by version")) {
            List<Long> waiting = new ArrayList<>();
            while (rs.next()) {
                waiting.add(rs.getLong(1));
            }
            assertThat(waiting).as("the published event stays out, the two unpublished ones wait").containsExactly(2L, 3L);
        }
    }
}
