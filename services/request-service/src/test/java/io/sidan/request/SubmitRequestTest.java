package io.sidan.request;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.sidan.contracts.Topics;
import io.sidan.contracts.envelope.EventCatalogue;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.events.RequestEvent;
import io.sidan.testing.BrokerClient;
import io.sidan.testing.Sql;
import io.sidan.testing.TestTokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SubmitRequestTest {

    @Inject
    AgroalDataSource db;

    @Test
    void aResidentSubmitsAndTheRequestIsPublishedAsACloudEvent() {
        Response created = Fixtures.submit(TestTokens.resident(Fixtures.RESIDENT), Fixtures.body());
        created.then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/requests/" + created.path("id")))
                .header("ETag", "\"1\"")
                .body("status", equalTo("SUBMITTED"))
                .body("categoryName", equalTo("助老助残"))
                .body("channel", equalTo("APP"))
                .body("requesterName", equalTo(Fixtures.RESIDENT))
                .body("contactPhone", equalTo("13912345678"))
                .body("sla.dispatchMinutes", equalTo(120))
                .body("timestamps.submittedAt", notNullValue());
        String id = created.path("id");

        try (BrokerClient broker = BrokerClient.shared()) {
            List<EventEnvelope> events = broker.read(Topics.REQUEST_EVENTS, e -> e.streamId().equals(id), 1, Duration.ofSeconds(30));
            assertThat(events).hasSize(1);
            EventEnvelope e = events.get(0);
            assertThat(e.type()).isEqualTo("request.submitted");
            assertThat(e.source()).isEqualTo("request-service");
            assertThat(e.streamVersion()).isEqualTo(1);
            assertThat(e.actor().role()).isEqualTo("resident");
            assertThat(e.actor().id()).isEqualTo(Fixtures.RESIDENT);
            RequestEvent.Submitted submitted = (RequestEvent.Submitted) EventCatalogue.standard().decode(e).orElseThrow();
            assertThat(submitted.requesterId()).isEqualTo(Fixtures.RESIDENT);
            assertThat(submitted.sla().acceptMinutes()).isEqualTo(240);
            assertThat(submitted.location().grid()).isEqualTo("G-HPL-01");
        }
    }

    @Test
    void residentsSeeOnlyTheirOwnRequestsAndThePhoneIsForOwnerAndDispatcher() {
        String id = Fixtures.submitted();
        given().auth().oauth2(TestTokens.resident(Fixtures.OTHER_RESIDENT)).when().get("/api/requests/" + id)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.resident(Fixtures.OTHER_RESIDENT)).when().get("/api/requests")
                .then().statusCode(200).body("items.id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(id)));
        given().auth().oauth2(TestTokens.resident(Fixtures.RESIDENT)).when().get("/api/requests")
                .then().statusCode(200).body("items.id", org.hamcrest.Matchers.hasItem(id));

        given().auth().oauth2(TestTokens.dispatcher("dispatcher-1")).when().get("/api/requests/" + id)
                .then().statusCode(200).body("contactPhone", equalTo("13912345678"));
        given().auth().oauth2(TestTokens.admin("admin-1")).when().get("/api/requests/" + id)
                .then().statusCode(200).body("contactPhone", equalTo("139****5678"));
        given().auth().oauth2(TestTokens.reviewer("reviewer-1")).when().get("/api/requests/" + id)
                .then().statusCode(200).body("contactPhone", equalTo("139****5678"));
        given().auth().oauth2(TestTokens.team("team-red", "red-vest")).when().get("/api/requests/" + id)
                .then().statusCode(403);
    }

    @Test
    void aDispatcherFilesForAPhoneCaller() {
        Map<String, Object> body = new HashMap<>(Fixtures.body());
        body.put("requesterName", "张阿姨");
        Response r = Fixtures.submit(TestTokens.dispatcher("dispatcher-1"), body);
        r.then().statusCode(201).body("channel", equalTo("PHONE")).body("requesterName", equalTo("张阿姨"));

        body.remove("requesterName");
        Fixtures.submit(TestTokens.dispatcher("dispatcher-1"), body).then().statusCode(400)
                .body("errors[0].field", equalTo("requesterName"));
    }

    @Test
    void listsFilterPageAndSort() {
        String resident = "lister-" + System.nanoTime();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> body = new HashMap<>(Fixtures.body());
            body.put("title", "诉求 " + i);
            body.put("category", i == 2 ? "HEALTH" : "ELDERLY_CARE");
            body.remove("item");
            Fixtures.submit(TestTokens.resident(resident), body).then().statusCode(201);
        }
        given().auth().oauth2(TestTokens.resident(resident)).queryParam("size", 2).when().get("/api/requests")
                .then().statusCode(200).body("total", equalTo(3)).body("items.size()", equalTo(2))
                .body("items[0].title", equalTo("诉求 2"));
        given().auth().oauth2(TestTokens.resident(resident)).queryParam("category", "HEALTH").when().get("/api/requests")
                .then().statusCode(200).body("total", equalTo(1));
        given().auth().oauth2(TestTokens.resident(resident)).queryParam("sort", "submittedAt").when().get("/api/requests")
                .then().statusCode(200).body("items[0].title", equalTo("诉求 0"));
        given().auth().oauth2(TestTokens.resident(resident)).queryParam("status", "SUBMITTED")
                .queryParam("from", "2020-01-01T00:00:00Z").when().get("/api/requests")
                .then().statusCode(200).body("total", equalTo(3));
    }

    @Test
    void anIdempotencyKeyMakesRetriesSafe() throws Exception {
        String key = "retry-" + System.nanoTime();
        String token = TestTokens.resident(Fixtures.RESIDENT);
        long before = Sql.count(db, "select count(*) from event_store where type = 'request.submitted'");

        String first = given().auth().oauth2(token).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Fixtures.body()).post("/api/requests").then().statusCode(201).extract().path("id");
        given().auth().oauth2(token).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Fixtures.body()).post("/api/requests").then().statusCode(201)
                .header("Idempotent-Replayed", "true").body("id", equalTo(first));

        Map<String, Object> other = new HashMap<>(Fixtures.body());
        other.put("title", "另一个诉求");
        given().auth().oauth2(token).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(other).post("/api/requests").then().statusCode(422).contentType("application/problem+json");

        // the same key raced from several threads still makes one request
        String raced = "race-" + System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<String>> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(pool.submit(() -> given().auth().oauth2(token).header("Idempotency-Key", raced)
                    .contentType(ContentType.JSON).body(Fixtures.body()).post("/api/requests")
                    .then().statusCode(201).extract().<String>path("id")));
        }
        List<String> distinct = new ArrayList<>();
        for (Future<String> f : ids) {
            distinct.add(f.get());
        }
        pool.shutdown();
        assertThat(distinct).containsOnly(distinct.get(0));
        assertThat(Sql.count(db, "select count(*) from event_store where type = 'request.submitted'"))
                .isEqualTo(before + 2);
    }
}
