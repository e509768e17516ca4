package io.sidan.rating;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.sidan.contracts.Topics;
import io.sidan.contracts.envelope.Actor;
import io.sidan.contracts.envelope.EventCatalogue;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.events.CaseEvent;
import io.sidan.contracts.events.Channel;
import io.sidan.contracts.events.Location;
import io.sidan.contracts.events.RatingEvent;
import io.sidan.contracts.events.RequestEvent;
import io.sidan.contracts.events.SlaTargets;
import io.sidan.contracts.events.TeamEvent;
import io.sidan.contracts.events.TeamProfile;
import io.sidan.contracts.events.Urgency;
import io.sidan.contracts.events.VolunteerHours;
import io.sidan.rating.application.RatingApplication;
import io.sidan.testing.BrokerClient;
import io.sidan.testing.Metrics;
import io.sidan.testing.MutableClock;
import io.sidan.testing.Sql;
import io.sidan.testing.StreamForge;
import io.sidan.testing.TableRows;
import io.sidan.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Completions produced onto the real broker open sheets; the parties rate over HTTP. */
@QuarkusTest
class RatingFlowTest {

    static final String RESIDENT = "resident-r1";
    static final String OTHER_RESIDENT = "resident-r2";
    static final String DISPATCHER = TestTokens.dispatcher("dispatcher-1");
    static final String REVIEWER = TestTokens.reviewer("reviewer-1");
    static final String ADMIN = TestTokens.admin("admin-1");

    @Inject
    AgroalDataSource db;

    @Inject
    RatingApplication ratings;

    @AfterEach
    void resetClock() {
        MutableClock.get().reset();
    }

    /** A request submitted and completed by {@code team} with two volunteers; returns its id once the sheet is open. */
    private String completed(String team, String volunteerPrefix) {
        String id = UUID.randomUUID().toString();
        Actor resident = new Actor("resident", RESIDENT, "居民");
        try (BrokerClient broker = BrokerClient.shared()) {
            broker.publish(Topics.REQUEST_EVENTS, new StreamForge("request-service", id).next(new RequestEvent.Submitted(id,
                    RESIDENT, "居民", Channel.APP, "ELDERLY_CARE", null, "理发", "上门理发", new Location("G-1", "某路1号", null, null),
                    Urgency.NORMAL, "13912345678", null, new SlaTargets(30, 60, 1440)), resident));
            StreamForge dispatch = new StreamForge("dispatch-service", id);
            Actor teamActor = new Actor("team", "t-" + team, team);
            broker.publish(Topics.DISPATCH_EVENTS,
                    dispatch.next(new CaseEvent.Opened(id, RESIDENT, "ELDERLY_CARE", "G-1", Urgency.NORMAL, "理发", MutableClock.get().instant(),
                            new SlaTargets(30, 60, 1440)), Actor.system("dispatch-service")),
                    dispatch.next(new CaseEvent.ServiceCompleted(id, team, "已完成", List.of(
                            new VolunteerHours(volunteerPrefix + "-1", "张伟", 2.5), new VolunteerHours(volunteerPrefix + "-2", "李娜", 1)),
                            List.of(), RESIDENT, "ELDERLY_CARE", "G-1", 1), teamActor));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(ADMIN).get("/api/ratings/" + id).statusCode() == 200);
        return id;
    }

    private static io.restassured.response.Response rate(String token, String id, int overall) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("overall", overall, "timeliness", overall, "attitude", overall, "quality", overall, "comment", "评价"))
                .post("/api/ratings/" + id);
    }

    @Test
    void aCompletionOpensASheetAndThreePartiesFinalizeIt() {
        String team = "team-" + UUID.randomUUID().toString().substring(0, 6);
        String id = completed(team, "v" + team);
        given().auth().oauth2(TestTokens.resident(RESIDENT)).get("/api/ratings/" + id).then().statusCode(200)
                .body("status", equalTo("OPEN")).body("expectedParties", equalTo(List.of("RESIDENT", "DISPATCHER", "REVIEWER")))
                .body("pendingParties.size()", equalTo(3));

        rate(TestTokens.resident(RESIDENT), id, 5).then().statusCode(201).body("pendingParties", equalTo(List.of("DISPATCHER", "REVIEWER")));
        rate(TestTokens.resident(RESIDENT), id, 4).then().statusCode(409).contentType("application/problem+json");
        rate(DISPATCHER, id, 4).then().statusCode(201);
        rate(REVIEWER, id, 4).then().statusCode(201).body("status", equalTo("FINAL")).body("composite", equalTo(4.5f))
                .body("finalizationReason", equalTo("ALL_RATED")).body("noResponse.size()", equalTo(0));
        rate(TestTokens.team("member", team), id, 5).then().statusCode(409).body("currentStatus", equalTo("FINAL"));

        try (BrokerClient broker = BrokerClient.shared()) {
            List<EventEnvelope> events = broker.read(Topics.RATING_EVENTS, e -> e.streamId().equals(id), 7, Duration.ofSeconds(30));
            assertThat(events).extracting(EventEnvelope::type).containsExactly("rating.opened", "rating.submitted",
                    "rating.submitted", "rating.submitted", "rating.finalized", "points.awarded", "points.awarded");
            assertThat(events.get(0).causationId()).isNotNull();
            List<EventEnvelope> reputation = broker.read(Topics.RATING_EVENTS, e -> e.streamId().equals("reputation:" + team),
                    1, Duration.ofSeconds(30));
            RatingEvent.ReputationChanged r = (RatingEvent.ReputationChanged) EventCatalogue.standard().decode(reputation.get(0)).orElseThrow();
            assertThat(r.score()).isEqualTo(4.5);
            assertThat(r.sampleSize()).isEqualTo(1);
        }
        given().auth().oauth2(DISPATCHER).get("/api/teams/" + team + "/reputation").then().statusCode(200)
                .body("score", equalTo(4.5f)).body("sampleSize", equalTo(1)).body("sheets[0].requestId", equalTo(id))
                .body("howComputed", not(emptyOrNullString()));
        given().auth().oauth2(ADMIN).get("/api/volunteers/v" + team + "-1/points").then().statusCode(200)
                .body("balance", equalTo(30)).body("ledger[0].requestId", equalTo(id)).body("ledger[0].rule", equalTo("2.5 h × 10 × 1.2 (composite 4.50)"));
    }

    @Test
    void ratingsAreCountedByPartyAndScoreAndOpenFollowUpsAreAGauge() {
        String team = "team-" + UUID.randomUUID().toString().substring(0, 6);
        String id = completed(team, "v" + team);
        Map<String, String> badFromResident = Map.of("party", "RESIDENT", "overall", "1");
        Metrics before = Metrics.scrape();
        rate(TestTokens.resident(RESIDENT), id, 1).then().statusCode(201);
        rate(DISPATCHER, id, 4).then().statusCode(201);
        Metrics flagged = Metrics.scrape();
        assertThat(flagged.sum("sidan_ratings_total", badFromResident) - before.sumOrZero("sidan_ratings_total", badFromResident))
                .isEqualTo(1);
        assertThat(flagged.sum("sidan_ratings_total", Map.of("party", "DISPATCHER", "overall", "4"))).isGreaterThanOrEqualTo(1);
        assertThat(flagged.sum("sidan_followups_open") - before.sum("sidan_followups_open")).isEqualTo(1);

        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("note", "已回访，居民表示理解", "reopenRequested", false))
                .post("/api/ratings/" + id + "/follow-up").then().statusCode(200);
        assertThat(Metrics.scrape().sum("sidan_followups_open")).isEqualTo(before.sum("sidan_followups_open"));
    }

    @Test
    void theCompletionAloneTellsWhoMayRateAsTheResident() {
        // the rating service does not read request.submitted: the completion names the requester
        String id = UUID.randomUUID().toString();
        String team = "team-" + UUID.randomUUID().toString().substring(0, 6);
        try (BrokerClient broker = BrokerClient.shared()) {
            broker.publish(Topics.DISPATCH_EVENTS, new StreamForge("dispatch-service", id).next(new CaseEvent.ServiceCompleted(id,
                    team, "已完成", List.of(new VolunteerHours("v-" + team, "张伟", 1)), List.of(), RESIDENT, "ELDERLY_CARE", "G-1", 1),
                    new Actor("team", "t-" + team, team)));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(ADMIN).get("/api/ratings/" + id).statusCode() == 200);
        rate(TestTokens.resident(RESIDENT), id, 5).then().statusCode(201);
        rate(TestTokens.resident(OTHER_RESIDENT), id, 5).then().statusCode(404);
    }

    @Test
    void aRebuiltRatingModelHasEveryRowItHadBefore() {
        String team = "team-" + UUID.randomUUID().toString().substring(0, 6);
        String rated = completed(team, "b" + team);
        rate(TestTokens.resident(RESIDENT), rated, 5).then().statusCode(201);
        rate(DISPATCHER, rated, 4).then().statusCode(201);
        rate(REVIEWER, rated, 4).then().statusCode(201).body("status", equalTo("FINAL"));
        String flagged = completed(team, "b" + team);
        rate(TestTokens.resident(RESIDENT), flagged, 1).then().statusCode(201);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("note", "已回访", "reopenRequested", false))
                .post("/api/ratings/" + flagged + "/follow-up").then().statusCode(200);
        rate(DISPATCHER, flagged, 2).then().statusCode(201);
        rate(REVIEWER, flagged, 3).then().statusCode(201).body("status", equalTo("FINAL"));
        String open = completed(team, "b" + team);
        rate(DISPATCHER, open, 3).then().statusCode(201);
        List<String> ids = List.of(rated, flagged, open);
        List<String> before = rowsOf(ids, team);
        assertThat(before).as("3 sheets, 7 ratings, 2 flags, 4 point awards, 2 scores, 1 reputation").hasSize(19);

        given().auth().oauth2(ADMIN).post("/api/admin/projections/ratings/rebuild").then().statusCode(200)
                .body("projection", equalTo("ratings"));

        assertThat(rowsOf(ids, team)).isEqualTo(before);
    }

    /** Every row of the rating model about some requests and a team, as text. */
    private List<String> rowsOf(List<String> ids, String team) {
        try (var c = db.getConnection()) {
            List<String> rows = new java.util.ArrayList<>();
            for (String table : List.of("sheet_view", "rating_entry", "flag_view", "points_ledger", "team_sheet_score")) {
                rows.addAll(TableRows.asText(c, table, "request_id = any(?)", ids));
            }
            rows.addAll(TableRows.asText(c, "reputation_view", "team_id = ?", team));
            return rows;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theWindowEndingFinalizesWithoutInventingTheResidentsRating() {
        String team = "team-" + UUID.randomUUID().toString().substring(0, 6);
        String id = completed(team, "w" + team);
        rate(DISPATCHER, id, 3).then().statusCode(201);
        MutableClock.get().advance(Duration.ofDays(7).plusMinutes(1));
        rate(REVIEWER, id, 5).then().statusCode(409).body("detail", org.hamcrest.Matchers.containsString("window"));
        ratings.closeWindows(MutableClock.get().instant());
        ratings.closeWindows(MutableClock.get().instant()); // a second clock tick finalizes nothing twice
        JsonPath sheet = given().auth().oauth2(ADMIN).get("/api/ratings/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(sheet.getString("status")).isEqualTo("FINAL");
        assertThat(sheet.getString("finalizationReason")).isEqualTo("WINDOW_ENDED");
        assertThat(sheet.getDouble("composite")).isEqualTo(3.0);
        assertThat(sheet.getList("noResponse")).containsExactly("RESIDENT", "REVIEWER");
        assertThat(Sql.count(db, "select count(*) from event_store where stream_id = ? and type = 'rating.finalized'", id)).isEqualTo(1);
    }

    @Test
    void aBadRatingIsFlaggedAndFollowedUp() {
        String team = "team-" + UUID.randomUUID().toString().substring(0, 6);
        String id = completed(team, "f" + team);
        rate(TestTokens.resident(RESIDENT), id, 1).then().statusCode(201).body("flags[0].overall", equalTo(1));
        given().auth().oauth2(ADMIN).get("/api/ratings/flags").then().statusCode(200).body("requestId", hasItem(id));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("note", "电话回访，已道歉", "reopenRequested", true))
                .post("/api/ratings/" + id + "/follow-up").then().statusCode(200)
                .body("flags[0].followUpNote", equalTo("电话回访，已道歉"));
        given().auth().oauth2(ADMIN).get("/api/ratings/flags").then().body("requestId", not(hasItem(id)));
        given().auth().oauth2(ADMIN).queryParam("open", "false").get("/api/ratings/flags").then().body("requestId", hasItem(id));
        try (BrokerClient broker = BrokerClient.shared()) {
            assertThat(broker.read(Topics.RATING_EVENTS, e -> e.streamId().equals(id) && e.type().equals("rating.flagged"), 1,
                    Duration.ofSeconds(30))).hasSize(1);
        }
    }

    @Test
    void aRedeliveredCompletionOpensNothingAndAwardsNothingMore() {
        String team = "team-" + UUID.randomUUID().toString().substring(0, 6);
        String id = completed(team, "d" + team);
        rate(TestTokens.resident(RESIDENT), id, 5).then().statusCode(201);
        rate(DISPATCHER, id, 5).then().statusCode(201);
        rate(REVIEWER, id, 5).then().statusCode(201).body("status", equalTo("FINAL"));
        long before = Sql.count(db, "select count(*) from event_store");
        long duplicatesBefore = duplicates();
        try (BrokerClient broker = BrokerClient.shared()) {
            List<EventEnvelope> dispatched = broker.read(Topics.DISPATCH_EVENTS, e -> e.streamId().equals(id), 2, Duration.ofSeconds(10));
            broker.publish(Topics.DISPATCH_EVENTS, dispatched.get(1)); // service.completed, again
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> duplicates() > duplicatesBefore);
        assertThat(Sql.count(db, "select count(*) from event_store")).isEqualTo(before);
        assertThat(Sql.count(db, "select count(*) from points_ledger where request_id = ?", id)).isEqualTo(2);
        given().auth().oauth2(ADMIN).get("/api/volunteers/d" + team + "-1/points").then().body("balance", equalTo(30));
    }

    @Test
    void partiesAndVisibilityComeFromTheCaller() {
        String team = "team-" + UUID.randomUUID().toString().substring(0, 6);
        String id = completed(team, "p" + team);
        // another resident cannot see or rate it
        given().auth().oauth2(TestTokens.resident("someone-else")).get("/api/ratings/" + id).then().statusCode(404);
        rate(TestTokens.resident("someone-else"), id, 5).then().statusCode(404);
        // another team neither; the serving team rates apart from its score
        rate(TestTokens.team("x", "other-team"), id, 5).then().statusCode(404);
        rate(TestTokens.team("member", team), id, 2).then().statusCode(201)
                .body("ratings.find { it.party == 'TEAM' }.overall", equalTo(2)).body("pendingParties.size()", equalTo(3));
        rate(ADMIN, id, 5).then().statusCode(403);
        given().get("/api/ratings/" + id).then().statusCode(401);
        // a team sees its own members' points, not others'
        try (BrokerClient broker = BrokerClient.shared()) {
            broker.publish(Topics.TEAM_EVENTS, new StreamForge("dispatch-service", team).next(new TeamEvent.Registered(
                    new TeamProfile(team, "队", List.of("ELDERLY_CARE"), List.of(), 3, List.of(new TeamProfile.Member("p" + team + "-1", "张伟")),
                            true)), Actor.system("dispatch-service")));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestTokens.team("member", team))
                .get("/api/volunteers/p" + team + "-1/points").then().statusCode(200).body("name", equalTo("张伟")));
        given().auth().oauth2(TestTokens.team("member", team)).get("/api/volunteers/v-zhang-wei/points").then().statusCode(404);
    }

    @Test
    void ratingBeforeCompletionOrOfAnUnknownRequestIsNotFound() {
        String id = UUID.randomUUID().toString();
        long before = Sql.count(db, "select count(*) from event_store");
        // the sheet, and with it what the rating service knows of a request, comes with service.completed
        rate(TestTokens.resident(RESIDENT), id, 5).then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("when the service is completed"));
        rate(DISPATCHER, UUID.randomUUID().toString(), 5).then().statusCode(404);
        rate(DISPATCHER, "not-a-request", 5).then().statusCode(404);
        for (Object body : new Object[] {Map.of("overall", 6, "timeliness", 5, "attitude", 5, "quality", 5),
                Map.of("overall", 0, "timeliness", 5, "attitude", 5, "quality", 5), Map.of("overall", 5),
                Map.of("overall", "great", "timeliness", 5, "attitude", 5, "quality", 5),
                Map.of("overall", 5, "timeliness", 5, "attitude", 5, "quality", 5, "comment", "x".repeat(1001)),
                Map.of("overall", 5, "timeliness", 5, "attitude", 5, "quality", 5, "stars", 5)}) {
            given().auth().oauth2(DISPATCHER).contentType(ContentType.JSON).body(body).post("/api/ratings/" + id)
                    .then().statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(ADMIN).queryParam("open", "maybe").get("/api/ratings/flags").then().statusCode(400);
        // a key given twice is ambiguous: 400 naming it, never a 500 (an outside fuzzer found 500s here)
        given().auth().oauth2(DISPATCHER).contentType(ContentType.JSON)
                .body("{\"overall\":5,\"timeliness\":5,\"attitude\":5,\"quality\":5,\"overall\":1}").post("/api/ratings/" + id)
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("overall"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{\"note\":\"已回访\",\"note\":\"未回访\"}")
                .post("/api/ratings/" + id + "/follow-up")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("note"));
        assertThat(Sql.count(db, "select count(*) from event_store")).isEqualTo(before);
    }

    @Test
    void theOpenApiDocumentDescribesEveryOperation() {
        JsonPath doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        assertThat(paths.keySet()).contains("/api/ratings/{requestId}", "/api/ratings/{requestId}/follow-up", "/api/ratings/flags",
                "/api/teams/{teamId}/reputation", "/api/volunteers/{volunteerId}/points");
        for (var path : paths.entrySet()) {
            for (var op : path.getValue().entrySet()) {
                Map<String, Object> responses = (Map<String, Object>) ((Map<String, Object>) op.getValue()).get("responses");
                assertThat(responses).as(op.getKey() + " " + path.getKey()).containsKeys("400", "401", "403", "404");
            }
        }
        assertThat(doc.getMap("components.schemas")).containsKeys("Problem", "RatingSheet", "RatingInput", "Reputation", "Points");
        given().get("/q/health/ready").then().statusCode(200);
    }

    private long duplicates() {
        return eventing.consumerStatuses().stream().mapToLong(io.sidan.eventing.consumer.ConsumerStatus::duplicates).sum();
    }

    @Inject
    io.sidan.kit.eventing.EventingRuntime eventing;

}
