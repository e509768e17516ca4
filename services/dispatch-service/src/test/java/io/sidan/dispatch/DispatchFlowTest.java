package io.sidan.dispatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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
import io.sidan.contracts.events.RatingEvent;
import io.sidan.contracts.events.RequestEvent;
import io.sidan.contracts.events.Urgency;
import io.sidan.testing.BrokerClient;
import io.sidan.testing.MutableClock;
import io.sidan.testing.Sql;
import io.sidan.testing.StreamForge;
import io.sidan.testing.TableRows;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DispatchFlowTest {

    @Inject
    AgroalDataSource db;

    @AfterEach
    void resetClock() {
        MutableClock.get().reset();
    }

    @Test
    void aSubmittedRequestOpensACaseOnceEvenWhenRedelivered() throws Exception {
        Scenario s = new Scenario();
        String id = s.submit(Urgency.HIGH);
        JsonPath c = Scenario.caseOf(id);
        assertThat(c.getString("phase")).isEqualTo("WAITING");
        assertThat(c.getString("contact.phone")).isEqualTo("13912345678");
        assertThat(c.getString("history[0].type")).isEqualTo("case.opened");
        given().auth().oauth2(Scenario.DISPATCHER).queryParam("category", s.category).get("/api/dispatch/queue")
                .then().statusCode(200).body("requestId", hasItem(id)).body("find { it.requestId == '" + id + "' }.urgency", equalTo("HIGH"));

        // the same request.submitted again (a redelivery) opens nothing more
        try (BrokerClient broker = BrokerClient.shared()) {
            List<EventEnvelope> submitted = broker.read(Topics.REQUEST_EVENTS, e -> e.streamId().equals(id), 1, Duration.ofSeconds(10));
            broker.publish(Topics.REQUEST_EVENTS, submitted.get(0));
        }
        Thread.sleep(1500);
        assertThat(Sql.count(db, "select count(*) from event_store where stream_id = ?", id)).isEqualTo(1);

        // and the case.opened event is on the dispatch topic, caused by the submission
        try (BrokerClient broker = BrokerClient.shared()) {
            List<EventEnvelope> opened = broker.read(Topics.DISPATCH_EVENTS, e -> e.streamId().equals(id), 1, Duration.ofSeconds(30));
            assertThat(opened).extracting(EventEnvelope::type).containsExactly("case.opened");
            assertThat(opened.get(0).causationId()).isNotNull();
        }
    }

    @Test
    void directiveDispatchAcceptStartNotesAndCompleteWithHours() {
        Scenario s = new Scenario();
        String red = s.team("red", 3, true);
        String id = s.submit(Urgency.NORMAL);

        Scenario.assign(id, red).then().statusCode(200).body("phase", equalTo("ASSIGNED")).body("teamId", equalTo(red))
                .body("mode", equalTo("DIRECTIVE")).body("acceptBy", notNullValue());
        // the team sees the task with the resident's contact masked (ContactPrivacyTest: when it may read it unmasked)
        given().auth().oauth2(Scenario.teamToken(red)).get("/api/tasks").then().statusCode(200)
                .body("find { it.requestId == '" + id + "' }.status", equalTo("ASSIGNED"))
                .body("find { it.requestId == '" + id + "' }.contact.phone", equalTo("139****5678"));
        Scenario.act(red, id, "accept", null).then().statusCode(200).body("phase", equalTo("ACCEPTED"))
                .body("contact.masked", equalTo(true));
        Scenario.act(red, id, "start", null).then().statusCode(200).body("phase", equalTo("IN_SERVICE"));
        Scenario.act(red, id, "notes", Map.of("text", "已联系居民", "public", true)).then().statusCode(200);
        Scenario.act(red, id, "complete", Map.of("summary", "已完成",
                "volunteerHours", List.of(Map.of("volunteerId", "v-red-1", "hours", 1.5), Map.of("volunteerId", "v-red-2", "hours", 2))))
                .then().statusCode(200).body("phase", equalTo("COMPLETED"));
        Scenario.act(red, id, "complete", Map.of("summary", "again", "volunteerHours", List.of(Map.of("volunteerId", "v-red-1", "hours", 1))))
                .then().statusCode(409).body("currentStatus", equalTo("COMPLETED"));

        try (BrokerClient broker = BrokerClient.shared()) {
            List<EventEnvelope> events = broker.read(Topics.DISPATCH_EVENTS, e -> e.streamId().equals(id), 6, Duration.ofSeconds(30));
            assertThat(events).extracting(EventEnvelope::type).containsExactly("case.opened", "case.assigned", "case.accepted",
                    "service.started", "service.progress-noted", "service.completed");
            CaseEvent.ServiceCompleted done = (CaseEvent.ServiceCompleted) EventCatalogue.standard().decode(events.get(5)).orElseThrow();
            assertThat(done.volunteerHours()).extracting(v -> v.name() + ":" + v.hours()).containsExactly("志愿者甲:1.5", "志愿者乙:2.0");
            assertThat(done.requesterId()).isEqualTo("resident-1");
            assertThat(done.round()).isEqualTo(1);
            assertThat(events.get(2).actor().role()).isEqualTo("team");
        }
    }

    @Test
    void aDeclineSendsTheCaseBackAndTheTeamIsNotSuggestedAgain() {
        Scenario s = new Scenario();
        String red = s.team("red", 3, true);
        String blue = s.team("blue", 3, false);
        String id = s.submit(Urgency.NORMAL);
        given().auth().oauth2(Scenario.DISPATCHER).get("/api/dispatch/cases/" + id + "/suggestions").then().statusCode(200)
                .body("[0].teamId", equalTo(red)).body("[0].eligible", equalTo(true))
                .body("[0].breakdown.find { it.factor == 'grid' }.points", equalTo(40.0f));

        Scenario.assign(id, red).then().statusCode(200);
        Scenario.act(red, id, "decline", Map.of("reason", "今日人手不足")).then().statusCode(200);
        JsonPath c = Scenario.caseOf(id);
        assertThat(c.getString("phase")).isEqualTo("WAITING");
        assertThat(c.getList("excludedTeams")).contains(red);
        given().auth().oauth2(Scenario.DISPATCHER).get("/api/dispatch/cases/" + id + "/suggestions").then()
                .body("[0].teamId", equalTo(blue))
                .body("find { it.teamId == '" + red + "' }.eligible", equalTo(false))
                .body("find { it.teamId == '" + red + "' }.ineligibleBecause[0]", equalTo("declined or let this case expire"));
        Scenario.assign(id, red).then().statusCode(409);
        Scenario.assign(id, blue).then().statusCode(200).body("attempt", equalTo(2));
        // the decline now counts against red in other cases' rankings
        String other = s.submit(Urgency.NORMAL);
        given().auth().oauth2(Scenario.DISPATCHER).get("/api/dispatch/cases/" + other + "/suggestions").then()
                .body("find { it.teamId == '" + red + "' }.breakdown.find { it.factor == 'recentDeclines' }.points", equalTo(-5.0f));
    }

    @Test
    void automaticCategoriesAreAssignedToTheTopSuggestionWithoutADispatcher() {
        Scenario s = new Scenario("EMERGENCY_RESCUE");
        String local = s.team("local", 3, true);
        String id = s.submit(Urgency.EMERGENCY);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Scenario.caseOf(id).getString("phase")).isEqualTo("ASSIGNED"));
        JsonPath c = Scenario.caseOf(id);
        assertThat(c.getString("teamId")).isEqualTo(local);
        assertThat(c.getString("mode")).isEqualTo("AUTOMATIC");
        assertThat(c.getString("history[1].actorRole")).isEqualTo("system");
        // the deadline is the case's own accept target, as the request carried it from the catalogue (60 minutes)
        assertThat(Duration.between(Instant.parse(c.getString("dispatchedAt")), Instant.parse(c.getString("acceptBy"))))
                .isBetween(Duration.ofMinutes(60).minusSeconds(1), Duration.ofMinutes(60));
        // and the completion target runs from the submission: 1,440 minutes
        assertThat(Duration.between(Instant.parse(c.getString("submittedAt")), Instant.parse(c.getString("completeDueAt"))))
                .isEqualTo(Duration.ofMinutes(1440));
    }

    @Test
    void inAnOpenGrabTheFirstTeamWinsAndTheOthersLoseTheOffer() throws Exception {
        Scenario s = new Scenario();
        String a = s.team("a", 3, true);
        String b = s.team("b", 3, true);
        String c = s.team("c", 3, false);
        String id = s.submit(Urgency.NORMAL);
        given().auth().oauth2(Scenario.DISPATCHER).contentType(ContentType.JSON).body(Map.of())
                .post("/api/dispatch/cases/" + id + "/offer").then().statusCode(200).body("phase", equalTo("OFFERED"))
                .body("offeredTo.size()", equalTo(3));
        for (String t : List.of(a, b, c)) {
            given().auth().oauth2(Scenario.teamToken(t)).get("/api/tasks").then()
                    .body("find { it.requestId == '" + id + "' }.status", equalTo("OFFERED"));
        }
        List<Integer> statuses = Races.race(List.of(a, b, c), t -> Scenario.act(t, id, "accept", null).statusCode());
        assertThat(statuses).containsExactlyInAnyOrder(200, 409, 409);
        String winner = Scenario.caseOf(id).getString("teamId");
        assertThat(Scenario.caseOf(id).getString("mode")).isEqualTo("GRAB");
        for (String t : List.of(a, b, c)) {
            if (!t.equals(winner)) {
                given().auth().oauth2(Scenario.teamToken(t)).get("/api/tasks").then()
                        .body("requestId", not(hasItem(id)));
            }
        }
        assertThat(Sql.count(db, "select count(*) from event_store where stream_id = ? and type = 'case.accepted'", id)).isEqualTo(1);
    }

    @Test
    void twoDispatchersAssigningOneCaseHaveOneWinner() throws Exception {
        Scenario s = new Scenario();
        String a = s.team("a", 3, true);
        String b = s.team("b", 3, true);
        String id = s.submit(Urgency.NORMAL);
        List<Integer> statuses = Races.race(List.of(a, b, a, b), t -> Scenario.assign(id, t).statusCode());
        assertThat(statuses).containsOnlyOnce(200).containsOnly(200, 409);
        assertThat(Sql.count(db, "select count(*) from event_store where stream_id = ? and type = 'case.assigned'", id)).isEqualTo(1);
    }

    @Test
    void aStaleIfMatchIsRefusedWith412() {
        Scenario s = new Scenario();
        String a = s.team("a", 3, true);
        String id = s.submit(Urgency.NORMAL);
        String etag = given().auth().oauth2(Scenario.DISPATCHER).get("/api/dispatch/cases/" + id).then().extract().header("ETag");
        given().auth().oauth2(Scenario.DISPATCHER).contentType(ContentType.JSON).header("If-Match", "\"999\"")
                .body(Map.of("teamId", a)).post("/api/dispatch/cases/" + id + "/assign").then().statusCode(412);
        given().auth().oauth2(Scenario.DISPATCHER).contentType(ContentType.JSON).header("If-Match", etag)
                .body(Map.of("teamId", a)).post("/api/dispatch/cases/" + id + "/assign").then().statusCode(200);
    }

    @Test
    void aTeamAtCapacityIsNotSuggestedAndCannotAcceptMore() throws Exception {
        Scenario s = new Scenario();
        String solo = s.team("solo", 1, true);
        String first = s.submit(Urgency.NORMAL);
        String second = s.submit(Urgency.NORMAL);
        String third = s.submit(Urgency.NORMAL);
        Scenario.assign(first, solo).then().statusCode(200);
        Scenario.assign(second, solo).then().statusCode(200);
        // both accepts at once: the team's capacity of one lets exactly one through
        List<Integer> statuses = Races.race(List.of(first, second), id -> Scenario.act(solo, id, "accept", null).statusCode());
        assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        given().auth().oauth2(Scenario.DISPATCHER).get("/api/dispatch/cases/" + third + "/suggestions").then()
                .body("find { it.teamId == '" + solo + "' }.eligible", equalTo(false))
                .body("find { it.teamId == '" + solo + "' }.ineligibleBecause[0]", equalTo("at capacity (1/1)"));
        Scenario.assign(third, solo).then().statusCode(409).body("detail", org.hamcrest.Matchers.containsString("capacity"));
    }

    @Test
    void anOverdueAssignmentExpiresEscalatesAndTheSecondTimeIsSupervised() {
        Scenario s = new Scenario();
        String a = s.team("a", 3, true);
        String b = s.team("b", 3, true);
        String id = s.submit(Urgency.HIGH);
        Scenario.assign(id, a).then().statusCode(200);
        Instant deadline = Scenario.acceptBy(id);
        assertThat(Duration.between(MutableClock.get().instant(), deadline)).isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));

        MutableClock.get().advance(Duration.ofMinutes(61));
        deadlines.checkDeadlines(MutableClock.get().instant());
        JsonPath c = Scenario.caseOf(id);
        assertThat(c.getString("phase")).isEqualTo("WAITING");
        assertThat(c.getInt("escalationLevel")).isEqualTo(1);
        assertThat(c.getBoolean("supervised")).isFalse();
        assertThat(c.getList("history.type")).contains("case.accept-expired", "case.escalated");
        Scenario.act(a, id, "accept", null).then().statusCode(409);

        Scenario.assign(id, b).then().statusCode(200);
        MutableClock.get().advance(Duration.ofMinutes(61));
        deadlines.checkDeadlines(MutableClock.get().instant());
        deadlines.checkDeadlines(MutableClock.get().instant()); // a second run (another instance) expires nothing twice
        c = Scenario.caseOf(id);
        assertThat(c.getInt("escalationLevel")).isEqualTo(2);
        assertThat(c.getBoolean("supervised")).isTrue();
        assertThat(Sql.count(db, "select count(*) from event_store where stream_id = ? and type = 'case.accept-expired'", id)).isEqualTo(2);
        given().auth().oauth2(Scenario.DISPATCHER).queryParam("escalated", true).queryParam("category", s.category)
                .get("/api/dispatch/queue").then().body("find { it.requestId == '" + id + "' }.supervised", equalTo(true));
    }

    @Test
    void aCaseNotCompletedWithinItsSlaIsEscalatedToAdminsOnceAndTheTeamGoesOn() {
        Scenario s = new Scenario();
        String a = s.team("a", 3, true);
        String id = s.submit(Urgency.NORMAL);
        Scenario.assign(id, a).then().statusCode(200);
        Scenario.act(a, id, "accept", null).then().statusCode(200);
        Scenario.act(a, id, "start", null).then().statusCode(200);
        Instant due = Instant.parse(Scenario.caseOf(id).getString("completeDueAt"));

        MutableClock.get().advance(Duration.between(MutableClock.get().instant(), due).minusSeconds(5));
        deadlines.checkDeadlines(MutableClock.get().instant());
        assertThat(Scenario.caseOf(id).getBoolean("completionOverdue")).isFalse();

        MutableClock.get().advance(Duration.ofSeconds(6));
        deadlines.checkDeadlines(MutableClock.get().instant());
        deadlines.checkDeadlines(MutableClock.get().instant()); // a second run escalates nothing twice
        JsonPath c = Scenario.caseOf(id);
        assertThat(c.getBoolean("completionOverdue")).isTrue();
        assertThat(c.getBoolean("supervised")).as("督办: the dispatcher and admins see it").isTrue();
        assertThat(c.getString("phase")).isEqualTo("IN_SERVICE");
        assertThat(Sql.count(db, "select count(*) from event_store where stream_id = ? and type = 'case.escalated' "
                + "and payload->>'cause' = 'COMPLETION_OVERDUE'", id)).isEqualTo(1);
        given().auth().oauth2(Scenario.DISPATCHER).queryParam("escalated", true).queryParam("category", s.category)
                .get("/api/dispatch/queue").then().body("find { it.requestId == '" + id + "' }.completionOverdue", equalTo(true));
        Scenario.act(a, id, "complete", Map.of("summary", "迟了但完成", "volunteerHours",
                List.of(Map.of("volunteerId", "v-a-1", "hours", 1)))).then().statusCode(200);
    }

    @Test
    void anAcceptRacingTheExpiryLeavesExactlyOneOutcome() throws Exception {
        Scenario s = new Scenario();
        String a = s.team("a", 50, true);
        for (int round = 0; round < 5; round++) {
            String id = s.submit(Urgency.HIGH);
            Scenario.assign(id, a).then().statusCode(200);
            Instant deadline = Scenario.acceptBy(id);
            // bring the clock to 150 ms before the deadline, then let the accept and the expiry race across it
            MutableClock.get().advance(Duration.between(MutableClock.get().instant(), deadline).minusMillis(150));
            List<Integer> outcomes = Races.race(List.of("accept", "expire", "accept", "expire", "accept", "expire"), what -> {
                for (int i = 0; i < 10; i++) {
                    if (what.equals("accept")) {
                        Scenario.act(a, id, "accept", null);
                    } else {
                        deadlines.checkDeadlines(MutableClock.get().instant());
                    }
                    Sql.sleep(30);
                }
                return 0;
            });
            assertThat(outcomes).hasSize(6);
            long accepted = Sql.count(db, "select count(*) from event_store where stream_id = ? and type = 'case.accepted'", id);
            long expired = Sql.count(db, "select count(*) from event_store where stream_id = ? and type = 'case.accept-expired'", id);
            assertThat(accepted + expired).as("round " + round).isEqualTo(1);
            MutableClock.get().reset();
        }
    }

    @Test
    void reputationFromTheRatingServiceChangesTheRanking() {
        Scenario s = new Scenario();
        String a = s.team("a", 3, true);
        String b = s.team("b", 3, true);
        String id = s.submit(Urgency.NORMAL);
        given().auth().oauth2(Scenario.DISPATCHER).get("/api/dispatch/cases/" + id + "/suggestions").then()
                .body("[0].teamId", equalTo(a)); // equal scores: by id
        try (BrokerClient broker = BrokerClient.shared()) {
            broker.publish(Topics.RATING_EVENTS, new StreamForge("rating-service", "reputation:" + b).next(
                    new RatingEvent.ReputationChanged(b, 4.9, 12, 50, id), Actor.system("rating-service")));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(Scenario.DISPATCHER).get("/api/dispatch/cases/" + id + "/suggestions").then()
                        .body("[0].teamId", equalTo(b))
                        .body("[0].breakdown.find { it.factor == 'reputation' }.value", equalTo("4.90 over 12 ratings")));
        given().auth().oauth2(Scenario.ADMIN).get("/api/teams/" + b).then().body("reputation", equalTo(4.9f));
    }

    @Test
    void cancelAndReopenFromTheRequestService() {
        Scenario s = new Scenario();
        String a = s.team("a", 3, true);
        String cancelled = s.submit(Urgency.NORMAL);
        String reopened = s.submit(Urgency.NORMAL);
        Scenario.assign(reopened, a).then().statusCode(200);
        Scenario.act(a, reopened, "accept", null).then().statusCode(200);
        Scenario.act(a, reopened, "start", null).then().statusCode(200);
        Scenario.act(a, reopened, "complete", Map.of("summary", "ok", "volunteerHours",
                List.of(Map.of("volunteerId", "v-a-1", "hours", 1)))).then().statusCode(200);
        Actor resident = new Actor("resident", "resident-1", "居民一");
        try (BrokerClient broker = BrokerClient.shared()) {
            List<EventEnvelope> submitted = broker.read(Topics.REQUEST_EVENTS,
                    e -> e.streamId().equals(cancelled) || e.streamId().equals(reopened), 2, Duration.ofSeconds(10));
            // continue each request's stream as the request service would
            for (EventEnvelope e : submitted) {
                StreamForge forge = new StreamForge("request-service", e.streamId());
                forge.next(EventCatalogue.standard().decode(e).orElseThrow(), e.actor()); // version 1 again, to chain on
                if (e.streamId().equals(cancelled)) {
                    broker.publish(Topics.REQUEST_EVENTS, forge.next(new RequestEvent.Cancelled(cancelled, "不需要了"), resident));
                } else {
                    broker.publish(Topics.REQUEST_EVENTS, forge.next(new RequestEvent.Reopened(reopened, "头发还长", 1), resident));
                }
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(Scenario.caseOf(cancelled).getString("phase")).isEqualTo("CANCELLED");
            assertThat(Scenario.caseOf(reopened).getString("phase")).isEqualTo("WAITING");
        });
        JsonPath again = Scenario.caseOf(reopened);
        assertThat(again.getInt("reopenCount")).isEqualTo(1);
        assertThat(again.getInt("escalationLevel")).isEqualTo(1);
        assertThat(again.getString("teamId")).isNull();
        assertThat(again.getList("history.type")).endsWith("case.reopened");
        // the team that served it may serve it again
        Scenario.assign(reopened, a).then().statusCode(200);
    }

    @Test
    void aDispatcherRejectsARequest() {
        Scenario s = new Scenario();
        String id = s.submit(Urgency.LOW);
        given().auth().oauth2(Scenario.DISPATCHER).contentType(ContentType.JSON).body(Map.of("reason", "DUPLICATE"))
                .post("/api/dispatch/cases/" + id + "/reject").then().statusCode(400)
                .body("errors[0].field", equalTo("duplicateOf"));
        String other = s.submit(Urgency.LOW);
        given().auth().oauth2(Scenario.DISPATCHER).contentType(ContentType.JSON)
                .body(Map.of("reason", "DUPLICATE", "detail", "重复提交", "duplicateOf", other))
                .post("/api/dispatch/cases/" + id + "/reject").then().statusCode(200).body("phase", equalTo("REJECTED"));
        given().auth().oauth2(Scenario.DISPATCHER).queryParam("category", s.category).get("/api/dispatch/queue")
                .then().body("requestId", not(hasItem(id)));
    }

    @Inject
    io.sidan.dispatch.application.CaseApplication deadlines;

    @Test
    void aRebuiltCaseViewHasEveryColumnItHadBefore() {
        Scenario s = new Scenario();
        String red = s.team("red", 3, true);
        String blue = s.team("blue", 3, false);
        String waiting = s.submit(Urgency.HIGH);
        String declinedThenAccepted = s.submit(Urgency.NORMAL);
        Scenario.assign(declinedThenAccepted, red).then().statusCode(200);
        Scenario.act(red, declinedThenAccepted, "decline", Map.of("reason", "今日人手不足")).then().statusCode(200);
        Scenario.assign(declinedThenAccepted, blue).then().statusCode(200);
        Scenario.act(blue, declinedThenAccepted, "accept", null).then().statusCode(200);
        String completed = s.submit(Urgency.LOW);
        Scenario.assign(completed, red).then().statusCode(200);
        Scenario.act(red, completed, "accept", null).then().statusCode(200);
        Scenario.act(red, completed, "start", null).then().statusCode(200);
        Scenario.act(red, completed, "complete", Map.of("summary", "已完成",
                "volunteerHours", List.of(Map.of("volunteerId", "v-red-1", "hours", 1)))).then().statusCode(200);
        List<String> ids = List.of(waiting, declinedThenAccepted, completed);
        List<String> before = rowsOf(ids);
        assertThat(before).hasSize(4); // three cases and one decline

        given().auth().oauth2(Scenario.ADMIN).post("/api/admin/projections/case-view/rebuild").then().statusCode(200)
                .body("projection", equalTo("case-view"));

        assertThat(rowsOf(ids)).as("every column of the cases and declines, except when they were written").isEqualTo(before);
        assertThat(Scenario.caseOf(completed).getString("phase")).isEqualTo("COMPLETED");
    }

    @Test
    void aRebuiltTeamDirectoryHasEveryRowItHadBefore() throws Exception {
        List<String> before;
        try (var c = db.getConnection()) {
            before = TableRows.asText(c, "team_view", "team_id <> ?", "", "updated_at");
        }
        assertThat(before).hasSizeGreaterThanOrEqualTo(2);

        given().auth().oauth2(Scenario.ADMIN).post("/api/admin/projections/teams/rebuild").then().statusCode(200)
                .body("projection", equalTo("teams"));

        try (var c = db.getConnection()) {
            assertThat(TableRows.asText(c, "team_view", "team_id <> ?", "", "updated_at")).isEqualTo(before);
        }
    }

    /** The case views and declines of some cases, as text, without their write times. */
    private List<String> rowsOf(List<String> ids) {
        try (var c = db.getConnection()) {
            List<String> rows = new java.util.ArrayList<>(TableRows.asText(c, "case_view", "request_id = any(?)", ids, "updated_at"));
            rows.addAll(TableRows.asText(c, "team_decline", "request_id = any(?)", ids));
            return rows;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
