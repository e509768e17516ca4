package io.sidan.dispatch;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.sidan.contracts.Topics;
import io.sidan.contracts.envelope.Actor;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.envelope.TraceContext;
import io.sidan.contracts.events.Channel;
import io.sidan.contracts.events.Location;
import io.sidan.contracts.events.RequestEvent;
import io.sidan.contracts.events.SlaTargets;
import io.sidan.contracts.events.Urgency;
import io.sidan.testing.BrokerClient;
import io.sidan.testing.StreamForge;
import io.sidan.testing.TestTokens;

/**
 * A test's own little world: a category and grid nobody else uses, teams registered for it, and
 * requests submitted through the real broker as the request service would publish them.
 */
final class Scenario {

    static final String DISPATCHER = TestTokens.dispatcher("dispatcher-1");
    static final String ADMIN = TestTokens.admin("admin-1");

    final String suffix = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    final String category;
    final String grid = "G-T" + suffix;
    final List<String> teams = new ArrayList<>();

    Scenario() {
        this("CAT_" + UUID.randomUUID().toString().substring(0, 6).toUpperCase());
    }

    Scenario(String category) {
        this.category = category;
    }

    /** Registers a team for this scenario's category; {@code local} teams cover its grid. */
    String team(String name, int capacity, boolean local) {
        String id = "t-" + suffix.toLowerCase() + "-" + name;
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of(
                        "teamId", id, "name", "测试队 " + name, "categories", List.of(category),
                        "grids", local ? List.of(grid) : List.of("G-ELSEWHERE"), "capacity", capacity,
                        "members", List.of(Map.of("volunteerId", "v-" + name + "-1", "name", "志愿者甲"),
                                Map.of("volunteerId", "v-" + name + "-2", "name", "志愿者乙"))))
                .post("/api/teams").then().statusCode(201);
        teams.add(id);
        return id;
    }

    static String teamToken(String teamId) {
        return TestTokens.team("user-" + teamId, teamId);
    }

    /** Publishes request.submitted on the broker and waits until the dispatch service opened the case. */
    String submit(Urgency urgency) {
        return submit(urgency, null);
    }

    /** As {@link #submit(Urgency)}, the event recorded in {@code trace} (null: untraced). */
    String submit(Urgency urgency, TraceContext trace) {
        String id = UUID.randomUUID().toString();
        EventEnvelope submitted = new StreamForge("request-service", id).next(new RequestEvent.Submitted(id, "resident-1",
                "居民一", Channel.APP, category, null, "测试诉求 " + suffix, "需要帮助", new Location(grid, "测试路1号", null, null),
                urgency, "13912345678", null, new SlaTargets(30, 60, 1440)), new Actor("resident", "resident-1", "居民一"));
        try (BrokerClient broker = BrokerClient.shared()) {
            broker.publish(Topics.REQUEST_EVENTS, trace, submitted);
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> given().auth().oauth2(DISPATCHER).get("/api/dispatch/cases/" + id).statusCode() == 200);
        return id;
    }

    static JsonPath caseOf(String id) {
        return given().auth().oauth2(DISPATCHER).get("/api/dispatch/cases/" + id).then().statusCode(200).extract().jsonPath();
    }

    static Response assign(String id, String teamId) {
        return given().auth().oauth2(DISPATCHER).contentType(ContentType.JSON).body(Map.of("teamId", teamId))
                .post("/api/dispatch/cases/" + id + "/assign");
    }

    static Response act(String teamId, String id, String action, Object body) {
        var request = given().auth().oauth2(teamToken(teamId));
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        return request.post("/api/tasks/" + id + "/" + action);
    }

    static Instant acceptBy(String id) {
        return Instant.parse(caseOf(id).getString("acceptBy"));
    }
}
