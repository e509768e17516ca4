package io.sidan.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.sidan.local.LocalSystem;

/** Calls to the running services as the demo users, with tokens from Keycloak (password grant, client sidan-cli). */
final class Api {

    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    private final LocalSystem system;

    Api(LocalSystem system) {
        this.system = system;
    }

    String token(String user) {
        return TOKENS.computeIfAbsent(user, u -> given().baseUri(system.keycloakUrl()).contentType(ContentType.URLENC)
                .formParam("grant_type", "password").formParam("client_id", "sidan-cli").formParam("username", u)
                .formParam("password", "sidan").post("/realms/sidan/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token"));
    }

    RequestSpecification as(String user, String service) {
        return given().baseUri(system.baseUrl(service)).auth().oauth2(token(user)).contentType(ContentType.JSON);
    }

    Response submit(String resident, String category, String urgency) {
        return submit(resident, category, urgency, null);
    }

    /** A submission made in the caller's trace ({@code traceparent}; null: none). */
    Response submit(String resident, String category, String urgency, String traceparent) {
        RequestSpecification r = as(resident, LocalSystem.REQUEST);
        if (traceparent != null) {
            r = r.header("traceparent", traceparent);
        }
        return r.body(Map.of("category", category, "title", "系统测试诉求",
                "description", "请志愿者帮忙", "urgency", urgency, "contactPhone", "13912345678",
                "location", Map.of("grid", "G-HPL-01", "address", "和平里街道3号楼"))).post("/api/requests");
    }

    String submitted(String resident, String category, String urgency) {
        return submit(resident, category, urgency).then().statusCode(201).extract().path("id");
    }

    JsonPath request(String user, String id) {
        return as(user, LocalSystem.REQUEST).get("/api/requests/" + id).then().statusCode(200).extract().jsonPath();
    }

    JsonPath caseOf(String id) {
        return as("dispatcher1", LocalSystem.DISPATCH).get("/api/dispatch/cases/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** Waits until the dispatch service opened the case of a request. */
    void awaitCase(String id) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                as("dispatcher1", LocalSystem.DISPATCH).get("/api/dispatch/cases/" + id).statusCode() == 200);
    }

    void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                status.equals(request("admin1", id).getString("status")));
    }

    Response assign(String id, String team) {
        return as("dispatcher1", LocalSystem.DISPATCH).body(Map.of("teamId", team)).post("/api/dispatch/cases/" + id + "/assign");
    }

    Response task(String teamUser, String id, String action, Object body) {
        RequestSpecification r = as(teamUser, LocalSystem.DISPATCH);
        if (body != null) {
            r = r.body(body);
        }
        return r.post("/api/tasks/" + id + "/" + action);
    }

    /** Accept, start and complete as the team user, with the given volunteers' hours. */
    void serve(String teamUser, String id, List<Map<String, Object>> hours) {
        serve(teamUser, id, hours, false);
    }

    /** As {@link #serve(String, String, List)}; {@code started}: accepted and started already, only complete. */
    void serve(String teamUser, String id, List<Map<String, Object>> hours, boolean started) {
        if (!started) {
            task(teamUser, id, "accept", null).then().statusCode(200);
            task(teamUser, id, "start", null).then().statusCode(200);
        }
        task(teamUser, id, "complete", Map.of("summary", "已完成", "volunteerHours", hours)).then().statusCode(200);
    }

    Response rate(String user, String id, int overall) {
        return as(user, LocalSystem.RATING).body(Map.of("overall", overall, "timeliness", overall, "attitude", overall,
                "quality", overall)).post("/api/ratings/" + id);
    }

    void awaitSheet(String id) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                as("admin1", LocalSystem.RATING).get("/api/ratings/" + id).statusCode() == 200);
    }
}
