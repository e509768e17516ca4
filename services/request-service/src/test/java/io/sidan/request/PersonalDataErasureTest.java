package io.sidan.request;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.sidan.contracts.Topics;
import io.sidan.contracts.integrity.ServiceSignatures;
import io.sidan.contracts.privacy.MasterKey;
import io.sidan.contracts.privacy.SealedFields;
import io.sidan.testing.BrokerClient;
import io.sidan.testing.MutableClock;
import io.sidan.testing.SidanTestResource;
import io.sidan.testing.Sql;
import io.sidan.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Erasure with an immutable store (issue 19 §3): personal fields are sealed in events with the request's
 * data key, nowhere readable (store, Kafka); an erasure approved by an admin, or the retention period,
 * deletes the key, after which every view reads them as erased, a rebuild brings nothing back, and every
 * hash chain still verifies.
 */
@QuarkusTest
class PersonalDataErasureTest {

    private static final String ADMIN = TestTokens.admin("admin-privacy");
    private static final String NAME = "erasure-" + UUID.randomUUID().toString().substring(0, 6);
    private static final String PHONE = "13987654321";
    private static final String ADDRESS = "和平里街道9号楼1单元101";
    private static final String DESCRIPTION = "独居老人，门口有红色鞋柜";

    @Inject
    AgroalDataSource db;

    @AfterEach
    void resetClock() {
        MutableClock.get().reset();
    }

    private static Map<String, Object> body() {
        Map<String, Object> body = new HashMap<>(Fixtures.body());
        body.put("contactPhone", PHONE);
        body.put("description", DESCRIPTION);
        body.put("location", Map.of("grid", "G-HPL-01", "address", ADDRESS, "lat", 39.95512, "lon", 116.41773));
        return body;
    }

    /** A resident's token as Keycloak issues it: the account id a UUID, the user name a name. */
    private static String token(String resident) {
        return TestTokens.token(accountOf(resident), resident, null, "resident");
    }

    private static String accountOf(String resident) {
        return UUID.nameUUIDFromBytes(resident.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String submit(String resident) {
        return Fixtures.submit(token(resident), body()).then().statusCode(201).extract().path("id");
    }

    private static void cancel(String resident, String id) {
        given().auth().oauth2(token(resident)).contentType(ContentType.JSON).body(Map.of("reason", "不需要了"))
                .post("/api/requests/" + id + "/cancel").then().statusCode(200);
    }

    private static JsonPath read(String token, String id) {
        return given().auth().oauth2(token).get("/api/requests/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static String askErasure(String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/erasure-requests")
                .then().statusCode(201).extract().path("id");
    }

    @Test
    void personalFieldsAreSealedInTheStoreAndOnKafkaAndOpenOnlyForThoseWhoMaySeeThem() {
        String resident = NAME + "-a";
        String id = submit(resident);

        String stored = Sql.text(db, "select payload::text from event_store where stream_id = ? and version = 1", id);
        assertThat(stored).doesNotContain(PHONE, ADDRESS, DESCRIPTION, resident).contains(SealedFields.PREFIX + id + ":");
        assertThat(Sql.text(db, "select actor_name from event_store where stream_id = ? and version = 1", id))
                .as("a resident is recorded by account id, not by name").isEqualTo("居民");
        assertThat(Sql.text(db, "select contact_phone from request_view where id = ?", id)).startsWith(SealedFields.PREFIX);
        // coordinates are kept to about a kilometre
        JsonPath own = read(token(resident), id);
        assertThat(own.getString("contactPhone")).isEqualTo(PHONE);
        assertThat(own.getString("location.address")).isEqualTo(ADDRESS);
        assertThat(own.getString("description")).isEqualTo(DESCRIPTION);
        assertThat(own.getString("requesterName")).isEqualTo(resident);
        assertThat(own.getDouble("location.lat")).isEqualTo(39.96);
        assertThat(own.getBoolean("personalDataErased")).isFalse();
        assertThat(read(TestTokens.dispatcher("dispatcher-1"), id).getString("contactPhone")).isEqualTo(PHONE);
        assertThat(read(ADMIN, id).getString("contactPhone")).isEqualTo("139****4321");

        List<String> records = await().atMost(Duration.ofSeconds(30)).until(() -> kafkaRecords(id), r -> !r.isEmpty());
        assertThat(records).allSatisfy(r -> assertThat(r).doesNotContain(PHONE, ADDRESS, DESCRIPTION, resident));
    }

    @Test
    void anApprovedErasureErasesEverywhereAndEveryChainStillVerifies() {
        String resident = NAME + "-b";
        String ended = submit(resident);
        String open = submit(resident);
        cancel(resident, ended);

        String erasure = askErasure(token(resident), Map.of("reason", "我已搬离本社区"));
        JsonPath pending = given().auth().oauth2(token(resident)).get("/api/erasure-requests/" + erasure)
                .then().statusCode(200).extract().jsonPath();
        assertThat(pending.getString("status")).isEqualTo("PENDING");
        assertThat(pending.getString("residentId")).isEqualTo(accountOf(resident));
        given().auth().oauth2(ADMIN).queryParam("status", "PENDING").get("/api/erasure-requests").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.hasItem(erasure));
        given().auth().oauth2(TestTokens.resident(Fixtures.OTHER_RESIDENT)).get("/api/erasure-requests/" + erasure)
                .then().statusCode(404);
        given().auth().oauth2(token(resident)).post("/api/erasure-requests/" + erasure + "/approve")
                .then().statusCode(403);

        // an open request is named, and nothing is erased
        given().auth().oauth2(ADMIN).post("/api/erasure-requests/" + erasure + "/approve").then().statusCode(409)
                .contentType("application/problem+json").body("detail", org.hamcrest.Matchers.containsString(open));
        assertThat(read(token(resident), ended).getString("contactPhone")).isEqualTo(PHONE);
        assertThat(Sql.count(db, "select count(*) from data_key where key_id in (?, ?)", ended, open)).isEqualTo(2);

        cancel(resident, open);
        JsonPath approved = given().auth().oauth2(ADMIN).post("/api/erasure-requests/" + erasure + "/approve").then()
                .statusCode(200).extract().jsonPath();
        assertThat(approved.getString("status")).isEqualTo("APPROVED");
        assertThat(approved.getList("erasedRequests", String.class)).containsExactlyInAnyOrder(ended, open);
        given().auth().oauth2(ADMIN).post("/api/erasure-requests/" + erasure + "/approve").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("APPROVED"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("reason", "too late"))
                .post("/api/erasure-requests/" + erasure + "/reject").then().statusCode(409);

        assertThat(Sql.count(db, "select count(*) from data_key where key_id in (?, ?)", ended, open)).isZero();
        for (String id : List.of(ended, open)) {
            assertErased(id, resident);
        }
        // the store still holds what it held (sealed), and its chains still verify; the erasure is an event
        JsonPath timeline = given().auth().oauth2(ADMIN).get("/api/requests/" + ended + "/timeline").then().statusCode(200)
                .extract().jsonPath();
        assertThat(timeline.getBoolean("verified")).isTrue();
        assertThat(timeline.getList("entries.type", String.class)).contains("request.submitted", "request.personal-data-erased");
        assertThat(timeline.getList("entries.verified", Boolean.class)).containsOnly(true);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("reason", "核实投诉"))
                .post("/api/requests/" + ended + "/contact/reveal").then().statusCode(200)
                .body("personalDataErased", org.hamcrest.Matchers.equalTo(true))
                .body("contactPhone", org.hamcrest.Matchers.nullValue());
        assertThat(Sql.count(db, "select count(*) from personal_data_access where request_id = ? and purpose like 'reveal%'", ended))
                .as("nothing was revealed, so nothing is logged").isZero();

        // Kafka carries the erasure and, still, nothing readable
        List<String> records = await().atMost(Duration.ofSeconds(30)).until(() -> kafkaRecords(ended),
                r -> r.stream().anyMatch(x -> x.contains("request.personal-data-erased")));
        assertThat(records).allSatisfy(r -> assertThat(r).doesNotContain(PHONE, ADDRESS, DESCRIPTION, resident));

        // a rebuild of the views from the store brings nothing back
        given().auth().oauth2(ADMIN).post("/api/admin/projections/request-view/rebuild").then().statusCode(200);
        given().auth().oauth2(ADMIN).post("/api/admin/projections/erasures/rebuild").then().statusCode(200);
        assertErased(ended, resident);
        given().auth().oauth2(ADMIN).get("/api/erasure-requests/" + erasure).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("APPROVED"));
        String kept = submit(NAME + "-b2");
        given().auth().oauth2(ADMIN).post("/api/admin/projections/request-view/rebuild").then().statusCode(200);
        assertThat(read(token(NAME + "-b2"), kept).getString("contactPhone")).isEqualTo(PHONE);
    }

    private void assertErased(String id, String resident) {
        for (String token : List.of(token(resident), TestTokens.dispatcher("dispatcher-1"), ADMIN)) {
            JsonPath view = read(token, id);
            assertThat(view.getBoolean("personalDataErased")).isTrue();
            assertThat(view.getString("contactPhone")).isNull();
            assertThat(view.getString("requesterName")).isNull();
            assertThat(view.getString("description")).isNull();
            assertThat(view.getString("location.address")).isNull();
            assertThat(view.getString("location.grid")).isEqualTo("G-HPL-01");
            assertThat(view.getString("title")).isEqualTo("老人上门理发");
        }
        given().auth().oauth2(token(resident)).get("/api/requests").then().statusCode(200)
                .body("items.find { it.id == '" + id + "' }.personalDataErased", org.hamcrest.Matchers.equalTo(true));
    }

    @Test
    void staffFileForOneRequestAndAdminsMayRejectWithAReason() {
        String resident = NAME + "-c";
        String id = submit(resident);
        given().auth().oauth2(TestTokens.dispatcher("dispatcher-1")).contentType(ContentType.JSON)
                .body(Map.of("reason", "来电要求删除")).post("/api/erasure-requests").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.resident(Fixtures.OTHER_RESIDENT)).contentType(ContentType.JSON)
                .body(Map.of("reason", "x", "requestId", id)).post("/api/erasure-requests").then().statusCode(404);
        given().auth().oauth2(TestTokens.reviewer("reviewer-1")).contentType(ContentType.JSON)
                .body(Map.of("reason", "x", "requestId", id)).post("/api/erasure-requests").then().statusCode(403);

        String filed = askErasure(TestTokens.dispatcher("dispatcher-1"), Map.of("reason", "来电要求删除", "requestId", id));
        JsonPath shown = given().auth().oauth2(ADMIN).get("/api/erasure-requests/" + filed).then().statusCode(200).extract().jsonPath();
        assertThat(shown.getString("requestId")).isEqualTo(id);
        assertThat(shown.getString("residentId")).as("the request's resident").isEqualTo(accountOf(resident));
        assertThat(shown.getString("requestedByRole")).isEqualTo("dispatcher");

        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("reason", "该诉求涉及未结投诉，暂不删除"))
                .post("/api/erasure-requests/" + filed + "/reject").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("REJECTED"));
        JsonPath mine = given().auth().oauth2(token(resident)).get("/api/erasure-requests/" + filed)
                .then().statusCode(200).extract().jsonPath();
        assertThat(mine.getString("decisionReason")).isEqualTo("该诉求涉及未结投诉，暂不删除");
        given().auth().oauth2(ADMIN).post("/api/erasure-requests/" + filed + "/approve").then().statusCode(409);
        assertThat(read(token(resident), id).getString("contactPhone")).isEqualTo(PHONE);
        given().auth().oauth2(ADMIN).get("/api/erasure-requests/" + "x".repeat(300)).then().statusCode(404);
        given().auth().oauth2(ADMIN).queryParam("status", "LOST").get("/api/erasure-requests").then().statusCode(400);
    }

    @Test
    void theRetentionPeriodErasesWhatEndedLongerAgoAndNothingElse() {
        String resident = NAME + "-d";
        String old = submit(resident);
        String stillOpen = submit(resident);
        cancel(resident, old);

        MutableClock.get().advance(Duration.ofDays(181));
        String recent = submit(resident);
        cancel(resident, recent);
        int erased = given().auth().oauth2(ADMIN).post("/api/admin/privacy/retention").then().statusCode(200)
                .extract().path("erased");
        assertThat(erased).isGreaterThanOrEqualTo(1);
        given().auth().oauth2(TestTokens.dispatcher("dispatcher-1")).post("/api/admin/privacy/retention").then().statusCode(403);

        assertThat(read(token(resident), old).getBoolean("personalDataErased")).isTrue();
        assertThat(read(token(resident), stillOpen).getString("contactPhone")).isEqualTo(PHONE);
        assertThat(read(token(resident), recent).getString("contactPhone")).isEqualTo(PHONE);
        List<String> types = given().auth().oauth2(ADMIN).get("/api/requests/" + old + "/timeline").then().statusCode(200)
                .extract().jsonPath().getList("entries.summaryEn", String.class);
        assertThat(types).contains("Personal data erased: retention period over");
        assertThat(given().auth().oauth2(ADMIN).post("/api/admin/privacy/retention").then().statusCode(200)
                .extract().<Integer>path("erased")).as("nothing more to erase").isZero();
    }

    @Test
    void onlyServicesGetDataKeysAndOnlyWrappedAndNoneOnceErased() {
        String resident = NAME + "-e";
        String id = submit(resident);
        String path = "/api/internal/data-keys?request=" + id;
        given().get(path).then().statusCode(401).contentType("application/problem+json");
        given().header(ServiceSignatures.HEADER, "service=dispatch-service;time=1;signature=AAAA").get(path).then().statusCode(401);
        given().auth().oauth2(ADMIN).get(path).then().statusCode(401);

        String wrapped = given().header(ServiceSignatures.HEADER, signed(path)).get(path).then().statusCode(200)
                .extract().path("keys." + id);
        SealedFields.DataKey key = MasterKey.of(SidanTestResource.MASTER_KEY).unwrap(id, wrapped);
        String sealedPhone = Sql.text(db, "select contact_phone from request_view where id = ?", id);
        assertThat(SealedFields.text(key, "contactPhone", sealedPhone)).isEqualTo(PHONE);
        // a signature is for its own path
        given().header(ServiceSignatures.HEADER, signed(path)).get(path + "&request=" + UUID.randomUUID()).then().statusCode(401);

        cancel(resident, id);
        String erasure = askErasure(token(resident), Map.of("reason", "删除", "requestId", id));
        given().auth().oauth2(ADMIN).post("/api/erasure-requests/" + erasure + "/approve").then().statusCode(200);
        given().header(ServiceSignatures.HEADER, signed(path)).get(path).then().statusCode(200)
                .body("keys", org.hamcrest.Matchers.anEmptyMap());
    }

    private static String signed(String path) {
        return ServiceSignatures.sign("dispatch-service", SidanTestResource.KEYS.getPrivate(), "GET", path, java.time.Instant.now());
    }

    /** Every record about the request on the request service's topic, value and headers as text. */
    private static List<String> kafkaRecords(String requestId) {
        try (BrokerClient broker = BrokerClient.shared()) {
            return broker.texts(Topics.REQUEST_EVENTS).stream().filter(r -> r.contains(requestId)).toList();
        }
    }
}
