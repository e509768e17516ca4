package io.sidan.request;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.sidan.testing.Sql;
import io.sidan.testing.TestTokens;
import org.junit.jupiter.api.Test;

/** Who sees a resident's contact unmasked, and that every such read by someone else is in the access log. */
@QuarkusTest
class PersonalDataAccessTest {

    private static final String PHONE = "13912345678";
    private static final String ADDRESS = "和平里街道3号楼2单元501";

    @Inject
    AgroalDataSource db;

    private static JsonPath get(String token, String id) {
        return given().auth().oauth2(token).get("/api/requests/" + id).then().statusCode(200).extract().jsonPath();
    }

    private List<Map<String, Object>> log(String id) {
        return given().auth().oauth2(TestTokens.admin("admin-1")).queryParam("request", id).get("/api/audit/access-log")
                .then().statusCode(200).extract().jsonPath().getList("entries");
    }

    @Test
    void theResidentSeesTheirOwnContactAndNothingIsLogged() {
        String id = Fixtures.submitted();
        JsonPath own = get(TestTokens.resident(Fixtures.RESIDENT), id);
        assertThat(own.getString("contactPhone")).isEqualTo(PHONE);
        assertThat(own.getString("location.address")).isEqualTo(ADDRESS);
        assertThat(own.getBoolean("contactMasked")).isFalse();
        assertThat(log(id)).isEmpty();
    }

    @Test
    void adminsAndReviewersSeeItMaskedAndTheirReadsAreNotAccessesOfPersonalData() {
        String id = Fixtures.submitted();
        for (String token : List.of(TestTokens.admin("admin-1"), TestTokens.reviewer("reviewer-1"))) {
            JsonPath masked = get(token, id);
            assertThat(masked.getString("contactPhone")).isEqualTo("139****5678");
            assertThat(masked.getString("location.address")).isEqualTo("和平里街****");
            assertThat(masked.getDouble("location.lat")).isEqualTo(39.96);
            assertThat(masked.getBoolean("contactMasked")).isTrue();
        }
        assertThat(log(id)).isEmpty();
    }

    @Test
    void aDispatcherReadingOneRequestSeesTheContactAndTheReadIsLogged() {
        String id = Fixtures.submitted();
        JsonPath read = get(TestTokens.dispatcher("dispatcher-7"), id);
        assertThat(read.getString("contactPhone")).isEqualTo(PHONE);
        assertThat(read.getBoolean("contactMasked")).isFalse();

        List<Map<String, Object>> entries = log(id);
        assertThat(entries).hasSize(1);
        assertThat(entries.getFirst()).containsEntry("actorRole", "dispatcher").containsEntry("actorId", "dispatcher-7")
                .containsEntry("requestId", id).containsEntry("purpose", "dispatch")
                .containsEntry("fields", List.of("contactPhone", "address", "coordinates"));

        // lists are for finding a request, not for calling: masked for everyone but the resident, and not logged
        given().auth().oauth2(TestTokens.dispatcher("dispatcher-7")).queryParam("size", 100).get("/api/requests")
                .then().statusCode(200).body("items.contactMasked", everyItem(equalTo(true)))
                // requests other tests erased (the contract fuzzer approves erasures) have no phone left to mask
                .body("items.findAll { !it.personalDataErased }.contactPhone", everyItem(equalTo("139****5678")))
                .body("items.findAll { it.personalDataErased }.contactPhone", everyItem(nullValue()));
        assertThat(log(id)).hasSize(1);
    }

    @Test
    void anAdminRevealsAContactOnlyWithAReasonAndTheRevealIsLogged() {
        String id = Fixtures.submitted();
        given().auth().oauth2(TestTokens.admin("admin-2")).contentType(ContentType.JSON).body(Map.of("reason", " "))
                .post("/api/requests/" + id + "/contact/reveal").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.dispatcher("dispatcher-1")).contentType(ContentType.JSON).body(Map.of("reason", "核实"))
                .post("/api/requests/" + id + "/contact/reveal").then().statusCode(403);
        assertThat(log(id)).isEmpty();

        given().auth().oauth2(TestTokens.admin("admin-2")).contentType(ContentType.JSON).body(Map.of("reason", "居民投诉核实"))
                .post("/api/requests/" + id + "/contact/reveal").then().statusCode(200)
                .body("contactPhone", equalTo(PHONE)).body("location.address", equalTo(ADDRESS));
        assertThat(log(id)).singleElement().satisfies(e -> assertThat(e).containsEntry("actorId", "admin-2")
                .containsEntry("actorRole", "admin").containsEntry("purpose", "reveal: 居民投诉核实"));
    }

    @Test
    void theLogIsForAdminsExportsAsCsvAndItsChainVerifies() {
        String id = Fixtures.submitted();
        get(TestTokens.dispatcher("dispatcher-8"), id);
        get(TestTokens.dispatcher("dispatcher-9"), id);

        given().auth().oauth2(TestTokens.dispatcher("dispatcher-8")).get("/api/audit/access-log").then().statusCode(403);
        given().auth().oauth2(TestTokens.admin("admin-1")).queryParam("from", "yesterday").get("/api/audit/access-log")
                .then().statusCode(400).contentType("application/problem+json");

        String csv = given().auth().oauth2(TestTokens.admin("admin-1")).accept("text/csv").queryParam("request", id)
                .get("/api/audit/access-log").then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/csv"))
                .extract().asString();
        assertThat(csv.lines().toList()).hasSize(3);
        assertThat(csv).contains("dispatcher-8").contains("dispatcher-9").contains(id);

        // pages: after= the last sequence number of the page before
        List<Map<String, Object>> entries = log(id);
        long firstSeq = ((Number) entries.getFirst().get("seq")).longValue();
        given().auth().oauth2(TestTokens.admin("admin-1")).queryParam("request", id).queryParam("after", firstSeq)
                .queryParam("limit", 1).get("/api/audit/access-log").then().statusCode(200)
                .body("entries.actorId", equalTo(List.of("dispatcher-9"))).body("next", equalTo(entries.get(1).get("seq")));

        given().auth().oauth2(TestTokens.admin("admin-1")).get("/api/audit/access-log/verification")
                .then().statusCode(200).body("intact", equalTo(true));
        assertThat(Sql.count(db, "select count(*) from personal_data_access where request_id = ?", id)).isEqualTo(2);
        given().auth().oauth2(TestTokens.admin("admin-1")).queryParam("size", 100).get("/api/requests")
                .then().statusCode(200).body("items.id", hasItem(id));
    }
}
