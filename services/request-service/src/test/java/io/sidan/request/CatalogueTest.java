package io.sidan.request;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sidan.contracts.Topics;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.testing.BrokerClient;
import io.sidan.testing.Sql;
import io.sidan.testing.TestTokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CatalogueTest {

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource db;

    /**
     * The catalogue is kept in memory; a change committed by another instance (here: straight in the
     * database, as that instance's projection would write it) reaches this one through the database's
     * notification, so submissions see it.
     */
    @Test
    void aGridChangedByAnotherInstanceIsSeenBySubmissionsHere() {
        String token = TestTokens.resident(Fixtures.RESIDENT);
        Map<String, Object> body = new java.util.HashMap<>(Fixtures.body());
        body.put("location", Map.of("grid", "G-DZM-01", "address", "东直门某号"));
        Fixtures.submit(token, body).then().statusCode(201); // read once: the grid is in this instance's memory now
        try {
            Sql.execute(db, "update grid_view set active = false where code = 'G-DZM-01'");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    Fixtures.submit(token, body).statusCode() == 400);
            Fixtures.submit(token, body).then().statusCode(400).body("errors[0].field", equalTo("location.grid"));
        } finally {
            Sql.execute(db, "update grid_view set active = true where code = 'G-DZM-01'");
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                Fixtures.submit(token, body).statusCode() == 201);
    }

    /** A rebuild of the catalogue (only its own streams) gives every row it had, and submissions still find it. */
    @Test
    void aRebuiltCatalogueHasEveryRowItHadBefore() throws Exception {
        List<String> before = catalogueRows();
        assertThat(before).hasSizeGreaterThan(10);

        given().auth().oauth2(TestTokens.admin("admin-1")).post("/api/admin/projections/catalogue/rebuild").then().statusCode(200)
                .body("projection", equalTo("catalogue"));

        assertThat(catalogueRows()).isEqualTo(before);
        Fixtures.submit(TestTokens.resident(Fixtures.RESIDENT), Fixtures.body()).then().statusCode(201);
    }

    private List<String> catalogueRows() throws java.sql.SQLException {
        try (var c = db.getConnection()) {
            List<String> rows = new java.util.ArrayList<>(io.sidan.testing.TableRows.asText(c, "category_view", "code <> ?", "", "updated_at"));
            rows.addAll(io.sidan.testing.TableRows.asText(c, "grid_view", "code <> ?", "", "updated_at"));
            return rows;
        }
    }

    @Test
    void theSeededCatalogueHasTheCentresCategoriesWithSlaTargetsPerUrgency() {
        given().when().get("/api/catalogue").then().statusCode(200)
                .body("size()", greaterThanOrEqualTo(9))
                .body("code", hasItems("THEORY_OUTREACH", "CULTURE_ARTS", "ELDERLY_CARE", "ENVIRONMENT", "CONVENIENCE",
                        "HEALTH", "LEGAL_AID", "CARE_CHILDREN", "EMERGENCY_RESCUE"))
                .body("find { it.code == 'ELDERLY_CARE' }.nameZh", equalTo("助老助残"))
                .body("find { it.code == 'ELDERLY_CARE' }.sla.EMERGENCY.acceptMinutes", equalTo(15))
                .body("find { it.code == 'ELDERLY_CARE' }.sla.NORMAL.dispatchMinutes", equalTo(120))
                .body("find { it.code == 'ELDERLY_CARE' }.items.code", hasItem("HAIRCUT"));
        given().when().get("/api/grids").then().statusCode(200)
                .body("size()", greaterThanOrEqualTo(6))
                .body("code", hasItem("G-HPL-01"));
    }

    @Test
    void adminsAddAndChangeCategoriesAsEvents() {
        String code = "PET_CARE_" + System.nanoTime() % 100000;
        Map<String, Object> sla = Map.of("dispatchMinutes", 60, "acceptMinutes", 120, "completeMinutes", 1440);
        Map<String, Object> category = Map.of("code", code, "nameZh", "宠物照看", "nameEn", "Pet care",
                "defaultUrgency", "LOW", "sla", Map.of("LOW", sla, "NORMAL", sla, "HIGH", sla, "EMERGENCY", sla),
                "items", List.of(Map.of("code", "DOG_WALKING", "nameZh", "遛狗", "nameEn", "Dog walking")));

        given().auth().oauth2(TestTokens.admin("admin-1")).contentType(ContentType.JSON).body(category)
                .when().post("/api/catalogue").then().statusCode(201).body("code", equalTo(code));
        given().auth().oauth2(TestTokens.admin("admin-1")).contentType(ContentType.JSON).body(category)
                .when().post("/api/catalogue").then().statusCode(409).contentType("application/problem+json");
        given().when().get("/api/catalogue/" + code).then().statusCode(200).body("nameEn", equalTo("Pet care"));

        Map<String, Object> changed = new java.util.HashMap<>(category);
        changed.put("nameEn", "Pet care and walking");
        given().auth().oauth2(TestTokens.admin("admin-1")).contentType(ContentType.JSON).body(changed)
                .when().put("/api/catalogue/" + code).then().statusCode(200);
        given().when().get("/api/catalogue/" + code).then().body("nameEn", equalTo("Pet care and walking"));

        // both changes are events on the request topic
        try (BrokerClient broker = BrokerClient.shared()) {
            List<EventEnvelope> events = broker.read(Topics.REQUEST_EVENTS, e -> e.streamId().equals("category:" + code),
                    2, Duration.ofSeconds(30));
            assertThat(events).extracting(EventEnvelope::type)
                    .containsExactly("catalogue.category-added", "catalogue.category-changed");
            assertThat(events.get(0).actor().role()).isEqualTo("admin");
        }
    }

    @Test
    void onlyAdminsChangeTheCatalogue() {
        Map<String, Object> sla = Map.of("dispatchMinutes", 60, "acceptMinutes", 120, "completeMinutes", 1440);
        Map<String, Object> category = Map.of("code", "NOT_ALLOWED", "nameZh", "不允许", "nameEn", "Not allowed",
                "defaultUrgency", "LOW", "sla", Map.of("LOW", sla, "NORMAL", sla, "HIGH", sla, "EMERGENCY", sla));
        given().auth().oauth2(TestTokens.dispatcher("d-1")).contentType(ContentType.JSON).body(category)
                .when().post("/api/catalogue").then().statusCode(403).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(category)
                .when().post("/api/catalogue").then().statusCode(401).contentType("application/problem+json");
        given().when().get("/api/catalogue/NOT_ALLOWED").then().statusCode(404).contentType("application/problem+json");
    }
}
