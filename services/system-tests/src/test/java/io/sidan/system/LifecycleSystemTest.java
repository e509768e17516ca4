package io.sidan.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.sidan.local.LocalSystem;
import org.junit.jupiter.api.Test;

/** The 四单 flows across the three services as real processes, with tokens from the real Keycloak. */
class LifecycleSystemTest {

    private final LocalSystem system = TheSystem.get();
    private final Api api = new Api(system);
    private static final List<Map<String, Object>> HOURS = List.of(Map.of("volunteerId", "v-zhang-wei", "hours", 1.5),
            Map.of("volunteerId", "v-li-na", "hours", 1));

    @Test
    void theWholeLifecycleFromSubmissionToAClosedVerifiedCaseFile() {
        // the resident's app calls in a trace of its own: the whole life of the request joins it
        String trace = "7bf92f3577b34da6a3ce929d0e0e" + String.format("%04x", new java.util.Random().nextInt(0x10000));
        String id = api.submit("resident1", "ELDERLY_CARE", "NORMAL", "00-" + trace + "-30f067aa0ba902b7-01")
                .then().statusCode(201).extract().path("id");
        api.awaitCase(id);
        JsonPath suggestions = api.as("dispatcher1", LocalSystem.DISPATCH).get("/api/dispatch/cases/" + id + "/suggestions")
                .then().statusCode(200).extract().jsonPath();
        assertThat(suggestions.getList("teamId")).contains("red-vest", "blue-sky");
        assertThat(suggestions.getList("breakdown[0].factor")).contains("grid", "capacity", "reputation");

        api.assign(id, "red-vest").then().statusCode(200);
        api.serve("team-red", id, HOURS);
        api.awaitSheet(id);
        api.awaitStatus(id, "COMPLETED");

        api.rate("resident1", id, 5).then().statusCode(201);
        api.rate("dispatcher1", id, 4).then().statusCode(201);
        api.rate("reviewer1", id, 4).then().statusCode(201).body("status", org.hamcrest.Matchers.equalTo("FINAL"));
        api.awaitStatus(id, "CLOSED");

        // every service tells the same story
        JsonPath request = api.request("resident1", id);
        assertThat(request.getString("assignment.teamId")).isEqualTo("red-vest");
        assertThat(request.getString("assignment.teamName")).isEqualTo("红马甲志愿服务队");
        assertThat(request.getDouble("compositeScore")).isEqualTo(4.5);
        assertThat(api.caseOf(id).getString("phase")).isEqualTo("COMPLETED");
        JsonPath sheet = api.as("resident1", LocalSystem.RATING).get("/api/ratings/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(sheet.getString("status")).isEqualTo("FINAL");
        assertThat(sheet.getDouble("composite")).isEqualTo(4.5);

        JsonPath timeline = api.as("resident1", LocalSystem.REQUEST).get("/api/requests/" + id + "/timeline").then()
                .statusCode(200).extract().jsonPath();
        assertThat(timeline.getBoolean("verified")).isTrue();
        assertThat(timeline.getList("entries.source")).contains("request-service", "dispatch-service", "rating-service");
        assertThat(timeline.getList("entries.type")).containsSubsequence("request.submitted", "case.opened", "case.assigned",
                "case.accepted", "service.started", "service.completed", "rating.opened", "rating.finalized", "request.closed");
        assertThat(timeline.getList("streams.valid")).containsOnly(true);

        JsonPath file = api.as("admin1", LocalSystem.REQUEST).get("/api/audit/requests/" + id).then().statusCode(200)
                .extract().jsonPath();
        assertThat(file.getString("figures.dispatchVerdict")).isEqualTo("MET");
        // staff are named; the resident is recorded by account id only (events outlive an erasure of their data)
        assertThat(file.getList("actors.name")).contains("居民", "dispatcher1", "team-red", "reviewer1").doesNotContain("resident1");
        JsonPath points = api.as("dispatcher1", LocalSystem.RATING).get("/api/volunteers/v-li-na/points").then().statusCode(200)
                .extract().jsonPath();
        assertThat(points.getList("ledger.requestId")).contains(id);

        // one trace from the submit to the last rating: each service exported spans of it over OTLP
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String service : List.of(LocalSystem.REQUEST, LocalSystem.DISPATCH, LocalSystem.RATING)) {
                assertThat(TheSystem.traces().exported(service, trace)).as(service + " exported spans of the submit's trace").isTrue();
            }
        });
    }

    @Test
    void aTokenFetchedThroughAnotherHostNameOfKeycloakIsAccepted() {
        // the issuer is fixed (Keycloak's --hostname), not taken from the host a client happened to use
        String viaLoopbackAddress = given().baseUri(system.keycloakUrl().replace("localhost", "127.0.0.1"))
                .contentType(ContentType.URLENC).formParam("grant_type", "password").formParam("client_id", "sidan-cli")
                .formParam("username", "resident1").formParam("password", "sidan")
                .post("/realms/sidan/protocol/openid-connect/token").then().statusCode(200).extract().path("access_token");
        given().baseUri(system.baseUrl(LocalSystem.REQUEST)).auth().oauth2(viaLoopbackAddress)
                .get("/api/requests").then().statusCode(200);
    }

    @Test
    void aDeclinedCaseIsReassignedToAnotherTeam() {
        String id = api.submitted("resident1", "ELDERLY_CARE", "NORMAL");
        api.awaitCase(id);
        api.assign(id, "red-vest").then().statusCode(200);
        api.task("team-red", id, "decline", Map.of("reason", "今日人手不足")).then().statusCode(200);
        assertThat(api.caseOf(id).getString("phase")).isEqualTo("WAITING");
        api.assign(id, "red-vest").then().statusCode(409);
        api.assign(id, "blue-sky").then().statusCode(200);
        api.serve("team-blue", id, List.of(Map.of("volunteerId", "v-chen-gang", "hours", 2)));
        api.awaitStatus(id, "COMPLETED");
        assertThat(api.request("admin1", id).getString("assignment.teamId")).isEqualTo("blue-sky");
    }

    @Test
    void anUnansweredAssignmentExpiresAndIsEscalated() {
        String id = api.submitted("resident1", "ELDERLY_CARE", "HIGH"); // the catalogue: 60 minutes to accept
        api.awaitCase(id);
        api.assign(id, "red-vest").then().statusCode(200);
        JsonPath assigned = api.caseOf(id);
        assertThat(Duration.between(Instant.parse(assigned.getString("dispatchedAt")), Instant.parse(assigned.getString("acceptBy"))))
                .isBetween(Duration.ofMinutes(60).minusSeconds(1), Duration.ofMinutes(60));
        TheSystem.advanceClock(Duration.ofMinutes(61));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath c = api.caseOf(id);
            assertThat(c.getString("phase")).isEqualTo("WAITING");
            assertThat(c.getInt("escalationLevel")).isEqualTo(1);
        });
        api.task("team-red", id, "accept", null).then().statusCode(409);
        api.assign(id, "blue-sky").then().statusCode(200);
        TheSystem.advanceClock(Duration.ofMinutes(61));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.caseOf(id).getBoolean("supervised")).isTrue()); // expired twice: admins supervise (督办)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.as("admin1", LocalSystem.REQUEST)
                .get("/api/requests/" + id + "/timeline").then().extract().jsonPath().getList("entries.type"))
                .contains("case.accept-expired", "case.escalated"));
        api.as("dispatcher1", LocalSystem.DISPATCH).body(Map.of("reason", "NOT_OUR_RESPONSIBILITY", "detail", "测试结束"))
                .post("/api/dispatch/cases/" + id + "/reject").then().statusCode(200);
    }

    @Test
    void aServiceNotCompletedWithinTheCataloguesSlaIsEscalatedAndTheAuditJudgesItByTheSameTime() {
        // HEALTH × EMERGENCY in the seeded catalogue: dispatch within 10, accept within 15, complete within 120 minutes
        String id = api.submitted("resident1", "HEALTH", "EMERGENCY");
        api.awaitCase(id);
        api.assign(id, "blue-sky").then().statusCode(200);
        api.task("team-blue", id, "accept", null).then().statusCode(200);
        api.task("team-blue", id, "start", null).then().statusCode(200);
        JsonPath serving = api.caseOf(id);
        Instant due = Instant.parse(serving.getString("completeDueAt"));
        assertThat(Duration.between(Instant.parse(serving.getString("submittedAt")), due)).isEqualTo(Duration.ofMinutes(120));
        assertThat(serving.getBoolean("completionOverdue")).isFalse();

        TheSystem.advanceClock(Duration.ofMinutes(121));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.as("dispatcher1", LocalSystem.DISPATCH)
                .queryParam("escalated", true).get("/api/dispatch/queue").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.requestId == '" + id + "' }.completionOverdue")).containsExactly(true));
        assertThat(api.caseOf(id).getBoolean("supervised")).isTrue();
        api.serve("team-blue", id, List.of(Map.of("volunteerId", "v-chen-gang", "hours", 2)), true);
        api.awaitStatus(id, "COMPLETED");
        // the audit judges the completion by the same due time the escalation used
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.as("admin1", LocalSystem.REQUEST)
                .get("/api/audit/requests/" + id).then().statusCode(200).extract().jsonPath()
                .getString("figures.completeVerdict")).isEqualTo("BREACHED"));
    }

    @Test
    void anOpenGrabGoesToTheFirstTeamThatAccepts() throws Exception {
        String id = api.submitted("resident1", "ELDERLY_CARE", "NORMAL");
        api.awaitCase(id);
        api.as("dispatcher1", LocalSystem.DISPATCH).body(Map.of("teamIds", List.of("red-vest", "blue-sky")))
                .post("/api/dispatch/cases/" + id + "/offer").then().statusCode(200);
        api.token("team-red");
        api.token("team-blue");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<Integer>> answers = new ArrayList<>();
        for (String team : List.of("team-red", "team-blue")) {
            answers.add(pool.submit(() -> {
                start.await();
                return api.task(team, id, "accept", null).statusCode();
            }));
        }
        List<Integer> codes = new ArrayList<>();
        for (Future<Integer> f : answers) {
            codes.add(f.get());
        }
        pool.shutdown();
        assertThat(codes).containsExactlyInAnyOrder(200, 409);
        String winner = api.caseOf(id).getString("teamId");
        String winnerUser = winner.equals("red-vest") ? "team-red" : "team-blue";
        api.task(winnerUser, id, "start", null).then().statusCode(200);
        api.task(winnerUser, id, "complete", Map.of("summary", "ok", "volunteerHours",
                List.of(Map.of("volunteerId", winner.equals("red-vest") ? "v-zhang-wei" : "v-chen-gang", "hours", 1)))).then().statusCode(200);
    }

    @Test
    void aCancelledRequestCancelsItsCase() {
        String id = api.submitted("resident2", "CONVENIENCE", "LOW");
        api.awaitCase(id);
        api.as("resident2", LocalSystem.REQUEST).body(Map.of("reason", "已自行解决")).post("/api/requests/" + id + "/cancel")
                .then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.caseOf(id).getString("phase")).isEqualTo("CANCELLED"));
        api.assign(id, "red-vest").then().statusCode(409);
    }

    @Test
    void aReopenedRequestGoesBackToDispatchAndABadRatingIsFlagged() {
        String id = api.submitted("resident2", "ENVIRONMENT", "NORMAL");
        api.awaitCase(id);
        api.assign(id, "red-vest").then().statusCode(200);
        api.serve("team-red", id, List.of(Map.of("volunteerId", "v-wang-jun", "hours", 2)));
        api.awaitSheet(id);
        api.rate("resident2", id, 1).then().statusCode(201);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.as("admin1", LocalSystem.RATING)
                .get("/api/ratings/flags").then().extract().jsonPath().getList("requestId")).contains(id));
        api.awaitStatus(id, "RATED");

        api.as("resident2", LocalSystem.REQUEST).body(Map.of("reason", "楼道还是很脏")).post("/api/requests/" + id + "/reopen")
                .then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath c = api.caseOf(id);
            assertThat(c.getString("phase")).isEqualTo("WAITING");
            assertThat(c.getInt("reopenCount")).isEqualTo(1);
        });
        api.assign(id, "red-vest").then().statusCode(200);
        api.serve("team-red", id, List.of(Map.of("volunteerId", "v-wang-jun", "hours", 1)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath sheet = api.as("admin1", LocalSystem.RATING).get("/api/ratings/" + id).then().extract().jsonPath();
            assertThat(sheet.getInt("round")).isEqualTo(2);
            assertThat(sheet.getList("earlierRounds.finalizationReason")).containsExactly("SUPERSEDED");
        });
        JsonPath r = api.request("resident2", id);
        assertThat(r.getInt("round")).isEqualTo(2);
        assertThat(r.getString("status")).isEqualTo("COMPLETED");
    }
}
