package io.sidan.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(UpstreamStub.class)
class ConsoleTest {

    @Test
    void serves_the_single_page_app_built_from_npm() {
        given().when().get("/")
                .then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<div id=\"app\">"));
    }

    @Test
    void tells_the_browser_where_to_log_in() {
        given().when().get("/config.json")
                .then().statusCode(200)
                .body("keycloakUrl", equalTo("http://localhost:8180"))
                .body("realm", equalTo("sidan"))
                .body("clientId", equalTo("sidan-console"));
    }

    @ParameterizedTest
    @CsvSource({
            "/api/catalogue, request",
            "/api/requests?status=SUBMITTED&page=0, request",
            "/api/audit/summary, request",
            "/api/erasure-requests?status=PENDING, request",
            "/api/calendar?year=2026, request",
            "/api/dispatch/queue, dispatch",
            "/api/teams, dispatch",
            "/api/teams/red-vest, dispatch",
            "/api/tasks, dispatch",
            "/api/teams/red-vest/reputation, rating",
            "/api/ratings/abc, rating",
            "/api/volunteers/v1/points, rating",
    })
    void forwards_each_api_path_to_the_service_that_owns_it(String path, String service) {
        given().header("Authorization", "Bearer token-1")
                .when().get(path)
                .then().statusCode(201)
                .header("ETag", "\"7\"")
                .body("service", equalTo(service))
                .body("method", equalTo("GET"))
                .body("uri", equalTo(path))
                .body("authorization", equalTo("Bearer token-1"));
    }

    @Test
    void spreads_the_calls_over_the_instances_and_leaves_out_one_that_stopped() {
        java.util.List<Integer> instances = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            instances.add(given().get("/api/catalogue").then().statusCode(201).extract().path("instance"));
        }
        org.assertj.core.api.Assertions.assertThat(instances).containsOnly(1, 2).contains(1, 2);

        UpstreamStub.stop("request", 2);
        // after the next readiness check every call goes to the instance that is left, none fails
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                java.util.stream.IntStream.range(0, 6).allMatch(i -> given().get("/api/requests").statusCode() == 201));
        for (int i = 0; i < 10; i++) {
            given().get("/api/requests").then().statusCode(201).body("instance", equalTo(1));
        }
    }

    @Test
    void forwards_the_body_and_the_method_untouched() {
        String body = "{\"title\":\"修水管\",\"urgency\":\"HIGH\"}";
        given().header("Authorization", "Bearer token-2").contentType("application/json; charset=UTF-8")
                .body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/api/requests")
                .then().statusCode(201)
                .body("service", equalTo("request"))
                .body("method", equalTo("POST"))
                .body("body", equalTo(body));
    }
}
