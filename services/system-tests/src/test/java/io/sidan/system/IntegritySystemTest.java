package io.sidan.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.restassured.path.json.JsonPath;
import io.sidan.contracts.events.IntegrityEvent.CheckpointSigned;
import io.sidan.contracts.integrity.IntegrityReport;
import io.sidan.contracts.integrity.SigningKeys;
import io.sidan.contracts.integrity.StoreExport;
import io.sidan.local.LocalSystem;
import org.junit.jupiter.api.Test;

/**
 * Tamper evidence across the services: an event deleted from the dispatch service's database is found
 * by its own check, by the offline verifier with the copies another service kept, and, once the
 * dispatch service signs its next checkpoint, by the request and rating services' witnesses.
 */
class IntegritySystemTest {

    private final LocalSystem system = TheSystem.get();
    private final Api api = new Api(system);

    private JsonPath sign(String service) {
        return api.as("admin1", service).post("/api/admin/integrity/checkpoints").then().statusCode(201).extract().jsonPath();
    }

    private List<CheckpointSigned> witnessed(String by, String of) {
        return List.of(api.as("admin1", by).queryParam("service", of).get("/api/admin/integrity/checkpoints").then().statusCode(200)
                .extract().as(CheckpointSigned[].class));
    }

    private List<String> alarms(String service) {
        return api.as("admin1", service).get("/api/admin/integrity").then().statusCode(200).extract().jsonPath()
                .getList("alarms.problem", String.class);
    }

    @Test
    void anEventDeletedFromTheDispatchDatabaseIsCaughtByItselfOfflineAndByTheOtherServices() throws Exception {
        // a case that is over: nothing will append to it again
        String id = api.submitted("resident2", "CONVENIENCE", "LOW");
        api.awaitCase(id);
        api.as("resident2", LocalSystem.REQUEST).body(Map.of("reason", "已自行解决")).post("/api/requests/" + id + "/cancel")
                .then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.caseOf(id).getString("phase")).isEqualTo("CANCELLED"));
        long sequence = sign(LocalSystem.DISPATCH).getLong("sequence");
        for (String witness : List.of(LocalSystem.REQUEST, LocalSystem.RATING)) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() ->
                    witnessed(witness, LocalSystem.DISPATCH).stream().anyMatch(cp -> cp.sequence() == sequence));
        }
        assertThat(alarms(LocalSystem.REQUEST)).noneMatch(p -> p.contains("dispatch-service"));

        // a database administrator removes the case's last event, its cancellation
        try (Connection c = system.postgres().dataSource("dispatch").getConnection()) {
            try (PreparedStatement s = c.prepareStatement("delete from outbox where global_position in "
                    + "(select global_position from event_store where stream_id = ? and type = 'case.cancelled')")) {
                s.setString(1, id);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("delete from event_store where stream_id = ? and type = 'case.cancelled'")) {
                s.setString(1, id);
                assertThat(s.executeUpdate()).isEqualTo(1);
            }
        }

        JsonPath own = api.as("admin1", LocalSystem.DISPATCH).get("/api/admin/integrity").then().statusCode(200).extract().jsonPath();
        assertThat(own.getBoolean("store.intact")).isFalse();
        assertThat(own.getList("store.problems", String.class)).anySatisfy(p -> assertThat(p).contains("1 were removed"));

        byte[] export = api.as("admin1", LocalSystem.DISPATCH).get("/api/admin/integrity/export").then().statusCode(200)
                .extract().asByteArray();
        IntegrityReport offline = StoreExport.verify(new ByteArrayInputStream(export),
                SigningKeys.publicKey(system.keys().publicKey(LocalSystem.DISPATCH)),
                witnessed(LocalSystem.REQUEST, LocalSystem.DISPATCH));
        assertThat(offline.intact()).isFalse();
        assertThat(offline.problems()).anySatisfy(p -> assertThat(p).contains("checkpoint #" + sequence, "1 were removed"));

        byte[] caseFile = api.as("admin1", LocalSystem.DISPATCH).queryParam("stream", id).get("/api/admin/integrity/export")
                .then().statusCode(200).extract().asByteArray();
        IntegrityReport proven = StoreExport.verify(new ByteArrayInputStream(caseFile),
                SigningKeys.publicKey(system.keys().publicKey(LocalSystem.DISPATCH)), List.of());
        assertThat(proven.streams()).isEqualTo(1);
        assertThat(proven.problems()).singleElement().asString().contains("stream " + id, "is not in checkpoint #" + sequence);

        // life goes on; the dispatch service's next checkpoint that checks the store itself (once a day, or on request
        // as here) says its store no longer gives the last one
        String later = api.submitted("resident2", "CONVENIENCE", "LOW");
        api.awaitCase(later);
        api.as("admin1", LocalSystem.DISPATCH).queryParam("checkStore", "maybe").post("/api/admin/integrity/checkpoints")
                .then().statusCode(400).contentType("application/problem+json");
        assertThat(api.as("admin1", LocalSystem.DISPATCH).queryParam("checkStore", true).post("/api/admin/integrity/checkpoints")
                .then().statusCode(201).extract().jsonPath().getBoolean("previousHolds")).isFalse();
        for (String witness : List.of(LocalSystem.REQUEST, LocalSystem.RATING)) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                    assertThat(alarms(witness)).anySatisfy(p -> assertThat(p)
                            .contains("dispatch-service found its store no longer gives checkpoint #" + sequence)));
        }
    }
}
