package io.sidan.request;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.sidan.contracts.events.IntegrityEvent.CheckpointSigned;
import io.sidan.contracts.integrity.IntegrityReport;
import io.sidan.contracts.integrity.SigningKeys;
import io.sidan.contracts.integrity.StoreExport;
import io.sidan.testing.Metrics;
import io.sidan.testing.Sql;
import io.sidan.testing.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * An admin signs a checkpoint, sees it come back from Kafka as witnessed, checks the store, downloads it
 * and verifies the download offline; after an event is deleted in the database, the check says so.
 */
@QuarkusTest
class IntegrityTest {

    private static final String ADMIN = TestTokens.admin("admin-1");

    @Inject
    AgroalDataSource db;

    private static JsonPath status() {
        return given().auth().oauth2(ADMIN).get("/api/admin/integrity").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aSignedStoreChecksOutOnlineAndOfflineUntilAnEventIsDeleted() throws Exception {
        String id = Fixtures.submitted();

        Response signed = given().auth().oauth2(ADMIN).post("/api/admin/integrity/checkpoints");
        assertThat(signed.statusCode()).isEqualTo(201);
        long sequence = signed.jsonPath().getLong("sequence");
        assertThat(given().auth().oauth2(ADMIN).post("/api/admin/integrity/checkpoints").statusCode()).as("nothing new").isEqualTo(204);
        // the checkpoint travels through the outbox and Kafka, and every service (this one too) keeps it
        List<CheckpointSigned> witnessed = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> List.of(given().auth().oauth2(ADMIN).queryParam("service", "request-service")
                        .get("/api/admin/integrity/checkpoints").then().statusCode(200).extract().as(CheckpointSigned[].class)),
                        list -> list.stream().anyMatch(cp -> cp.sequence() == sequence));

        JsonPath status = status();
        assertThat(status.getBoolean("signing")).isTrue();
        assertThat(status.getList("store.problems")).isEmpty();
        assertThat(status.getBoolean("store.intact")).isTrue();
        assertThat(status.getLong("store.latestCheckpoint")).isEqualTo(sequence);
        String publicKey = status.getString("publicKey");

        byte[] export = given().auth().oauth2(ADMIN).get("/api/admin/integrity/export").then().statusCode(200)
                .header("Content-Disposition", "attachment; filename=\"sidan-request-service-store.json\"").extract().asByteArray();
        IntegrityReport offline = StoreExport.verify(new ByteArrayInputStream(export), SigningKeys.publicKey(publicKey), witnessed);
        assertThat(offline.problems()).isEmpty();
        assertThat(offline.intact()).isTrue();
        assertThat(offline.events()).isEqualTo(status.getLong("store.events"));
        assertThat(Metrics.scrape().sum("sidan_integrity_alarms_total")).as("no alarm in normal operation").isZero();

        // the request's case file from this service: its stream, proven against the signed root
        byte[] caseFile = given().auth().oauth2(ADMIN).queryParam("stream", id).get("/api/admin/integrity/export").then()
                .statusCode(200).header("Content-Disposition", "attachment; filename=\"sidan-request-service-" + id + ".json\"")
                .extract().asByteArray();
        IntegrityReport proven = StoreExport.verify(new ByteArrayInputStream(caseFile), SigningKeys.publicKey(publicKey), witnessed);
        assertThat(proven.problems()).isEmpty();
        assertThat(proven.streams()).isEqualTo(1);
        assertThat(proven.eventsAfterCheckpoint()).isZero();
        given().auth().oauth2(ADMIN).queryParam("stream", "x".repeat(201)).get("/api/admin/integrity/export").then().statusCode(400);

        Sql.execute(db, "delete from outbox where global_position in (select global_position from event_store where stream_id = ?)", id);
        assertThat(Sql.execute(db, "delete from event_store where stream_id = ?", id)).isEqualTo(1);

        JsonPath tampered = status();
        assertThat(tampered.getBoolean("store.intact")).isFalse();
        assertThat(tampered.getList("store.problems", String.class))
                .anySatisfy(p -> assertThat(p).contains("checkpoint #" + sequence, "1 were removed"));
    }

    @Test
    void onlyAdminsMayCheckOrExport() {
        for (String path : List.of("/api/admin/integrity", "/api/admin/integrity/export", "/api/admin/integrity/checkpoints")) {
            given().auth().oauth2(TestTokens.dispatcher("dispatcher-1")).get(path).then().statusCode(403);
            given().get(path).then().statusCode(401);
        }
        given().auth().oauth2(TestTokens.resident(Fixtures.RESIDENT)).post("/api/admin/integrity/checkpoints").then().statusCode(403);
        given().auth().oauth2(ADMIN).queryParam("service", " ").get("/api/admin/integrity/checkpoints").then().statusCode(400)
                .contentType("application/problem+json");
    }
}
