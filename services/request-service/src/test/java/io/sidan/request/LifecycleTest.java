package io.sidan.request;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.sidan.contracts.Topics;
import io.sidan.contracts.envelope.Actor;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.events.CaseEvent;
import io.sidan.contracts.events.DispatchMode;
import io.sidan.contracts.events.Party;
import io.sidan.contracts.events.RatingEvent;
import io.sidan.contracts.events.RejectionReason;
import io.sidan.contracts.events.Scores;
import io.sidan.contracts.events.SlaTargets;
import io.sidan.contracts.events.TeamEvent;
import io.sidan.contracts.events.TeamProfile;
import io.sidan.contracts.events.Urgency;
import io.sidan.contracts.events.VolunteerHours;
import io.sidan.eventing.consumer.ConsumerStatus;
import io.sidan.kit.eventing.EventingRuntime;
import io.sidan.testing.BrokerClient;
import io.sidan.testing.MutableClock;
import io.sidan.testing.Sql;
import io.sidan.testing.StreamForge;
import io.sidan.testing.TableRows;
import io.sidan.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The resident-visible status follows the dispatch and rating events that the other services put on
 * the real broker (here written by the test as those services would), whatever order they arrive in.
 */
@QuarkusTest
class LifecycleTest {

    static final Actor DISPATCHER = new Actor("dispatcher", "d-1", "dispatcher1");
    static final Actor TEAM = new Actor("team", "t-red", "team-red");
    static final Actor SYSTEM_DISPATCH = Actor.system("dispatch-service");
    static final Actor SYSTEM_RATING = Actor.system("rating-service");

    @Inject
    AgroalDataSource db;

    @Inject
    EventingRuntime eventing;

    @AfterEach
    void resetClock() {
        MutableClock.get().reset();
    }

    private static JsonPath request(String id) {
        return given().auth().oauth2(TestTokens.admin("admin-1")).get("/api/requests/" + id).then().statusCode(200)
                .extract().jsonPath();
    }

    private static void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(request(id).getString("status")).isEqualTo(status));
    }

    /** The dispatch service's stream of a request, up to completion. */
    private static List<EventEnvelope> dispatchedAndCompleted(String id, StreamForge dispatch, Instant t0) {
        SlaTargets sla = new SlaTargets(120, 240, 4320);
        return List.of(
                dispatch.next(new CaseEvent.Opened(id, Fixtures.RESIDENT, "ELDERLY_CARE", "G-HPL-01", Urgency.NORMAL, "老人上门理发", t0, sla),
                        SYSTEM_DISPATCH, t0.plusSeconds(1), null),
                dispatch.next(new CaseEvent.Assigned(id, "red-vest", DispatchMode.DIRECTIVE, t0.plusSeconds(3600), 1, null),
                        DISPATCHER, t0.plusSeconds(60), null),
                dispatch.next(new CaseEvent.Accepted(id, "red-vest", DispatchMode.DIRECTIVE, 1), TEAM, t0.plusSeconds(300), null),
                dispatch.next(new CaseEvent.ServiceStarted(id, "red-vest"), TEAM, t0.plusSeconds(1800), null),
                dispatch.next(new CaseEvent.ServiceCompleted(id, "red-vest", "已完成上门理发",
                        List.of(new VolunteerHours("v-zhang", "张伟", 1.5)), List.of(), Fixtures.RESIDENT, "ELDERLY_CARE",
                        "G-HPL-01", 1), TEAM, t0.plusSeconds(5400), null));
    }

    @Test
    void theStatusFollowsDispatchAndRatingToClosedWithTimesFromTheEvents() {
        String id = Fixtures.submitted();
        Instant t0 = Instant.parse(request(id).getString("timestamps.submittedAt"));
        StreamForge dispatch = new StreamForge("dispatch-service", id);
        StreamForge rating = new StreamForge("rating-service", id);
        List<EventEnvelope> caseEvents = dispatchedAndCompleted(id, dispatch, t0);
        try (BrokerClient broker = BrokerClient.shared()) {
            broker.publish(Topics.TEAM_EVENTS, new StreamForge("dispatch-service", "red-vest").next(new TeamEvent.Registered(
                    new TeamProfile("red-vest", "红马甲志愿服务队", List.of("ELDERLY_CARE"), List.of("G-HPL-01"), 5, List.of(), true)), DISPATCHER));
            broker.publish(Topics.DISPATCH_EVENTS, caseEvents.get(0), caseEvents.get(1));
            awaitStatus(id, "DISPATCHED");
            broker.publish(Topics.DISPATCH_EVENTS, caseEvents.get(2));
            awaitStatus(id, "ACCEPTED");
            broker.publish(Topics.DISPATCH_EVENTS, caseEvents.get(3));
            awaitStatus(id, "IN_SERVICE");
            broker.publish(Topics.DISPATCH_EVENTS, caseEvents.get(4));
            awaitStatus(id, "COMPLETED");

            JsonPath r = request(id);
            assertThat(r.getString("timestamps.dispatchedAt")).isEqualTo(t0.plusSeconds(60).toString());
            assertThat(r.getString("timestamps.acceptedAt")).isEqualTo(t0.plusSeconds(300).toString());
            assertThat(r.getString("timestamps.startedAt")).isEqualTo(t0.plusSeconds(1800).toString());
            assertThat(r.getString("timestamps.completedAt")).isEqualTo(t0.plusSeconds(5400).toString());
            assertThat(r.getString("assignment.teamId")).isEqualTo("red-vest");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(request(id).getString("assignment.teamName")).isEqualTo("红马甲志愿服务队"));

            EventEnvelope opened = rating.next(new RatingEvent.Opened(id, 1, "red-vest", Fixtures.RESIDENT, "ELDERLY_CARE",
                    "G-HPL-01", List.of(Party.RESIDENT, Party.DISPATCHER), t0.plusSeconds(86400 * 7), List.of()),
                    SYSTEM_RATING, t0.plusSeconds(5401), caseEvents.get(4).eventId().toString());
            EventEnvelope rated = rating.next(new RatingEvent.Submitted(id, 1, Party.RESIDENT, Fixtures.RESIDENT,
                    new Scores(5, 5, 5, 4), "很好"), new Actor("resident", Fixtures.RESIDENT, Fixtures.RESIDENT), t0.plusSeconds(7200), null);
            broker.publish(Topics.RATING_EVENTS, opened, rated);
            awaitStatus(id, "RATED");
            assertThat(request(id).getString("timestamps.ratedAt")).isEqualTo(t0.plusSeconds(7200).toString());

            EventEnvelope finalized = rating.next(new RatingEvent.Finalized(id, 1, "red-vest", 4.8,
                    List.of(new RatingEvent.PartyResult(Party.RESIDENT, 5, 0.6)), List.of(Party.DISPATCHER),
                    RatingEvent.FinalizationReason.WINDOW_ENDED), SYSTEM_RATING, t0.plusSeconds(9000), null);
            broker.publish(Topics.RATING_EVENTS, finalized);
            awaitStatus(id, "CLOSED");
            assertThat(request(id).getDouble("compositeScore")).isEqualTo(4.8);

            // the request service says so on its own topic: request.closed, caused by the finalization
            List<EventEnvelope> closed = broker.read(Topics.REQUEST_EVENTS,
                    e -> e.streamId().equals(id) && e.type().equals("request.closed"), 1, Duration.ofSeconds(30));
            assertThat(closed).hasSize(1);
            assertThat(closed.get(0).causationId()).isEqualTo(finalized.eventId().toString());
            assertThat(closed.get(0).actor().isSystem()).isTrue();

            // a redelivered event changes nothing: both consumers see duplicates and skip them
            long received = Sql.count(db, "select count(*) from received_events where request_id = ?", id);
            long duplicatesBefore = duplicates();
            broker.publish(Topics.DISPATCH_EVENTS, caseEvents.get(4));
            broker.publish(Topics.RATING_EVENTS, finalized);
            await().atMost(Duration.ofSeconds(30)).until(() -> duplicates() >= duplicatesBefore + 2);
            assertThat(Sql.count(db, "select count(*) from received_events where request_id = ?", id)).isEqualTo(received);
            assertThat(Sql.count(db, "select count(*) from event_store where stream_id = ? and type = 'request.closed'", id))
                    .isEqualTo(1);
            assertThat(request(id).getString("status")).isEqualTo("CLOSED");
        }
        aRebuildGivesTheSameRows(id);
    }

    private long duplicates() {
        return eventing.consumerStatuses().stream().mapToLong(ConsumerStatus::duplicates).sum();
    }

    @Test
    void theStatusNeverMovesBackwardsWhenTopicsArriveOutOfOrder() {
        String id = Fixtures.submitted();
        Instant t0 = MutableClock.get().instant();
        StreamForge dispatch = new StreamForge("dispatch-service", id);
        StreamForge rating = new StreamForge("rating-service", id);
        List<EventEnvelope> caseEvents = dispatchedAndCompleted(id, dispatch, t0);
        try (BrokerClient broker = BrokerClient.shared()) {
            // the rating topic is ahead: the sheet and a rating arrive before dispatch says "completed"
            broker.publish(Topics.RATING_EVENTS,
                    rating.next(new RatingEvent.Opened(id, 1, "red-vest", Fixtures.RESIDENT, "ELDERLY_CARE", "G-HPL-01",
                            List.of(Party.RESIDENT), t0.plusSeconds(86400), List.of()), SYSTEM_RATING),
                    rating.next(new RatingEvent.Submitted(id, 1, Party.RESIDENT, Fixtures.RESIDENT, new Scores(4, 4, 4, 4), null),
                            new Actor("resident", Fixtures.RESIDENT, Fixtures.RESIDENT)));
            // and dispatch's stream arrives with its last events first
            broker.publish(Topics.DISPATCH_EVENTS, caseEvents.get(4), caseEvents.get(3), caseEvents.get(0), caseEvents.get(2),
                    caseEvents.get(1));
            awaitStatus(id, "RATED");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Sql.count(db, "select count(*) from received_events where request_id = ?", id) == 7);
            JsonPath r = request(id);
            assertThat(r.getString("timestamps.completedAt")).isEqualTo(caseEvents.get(4).occurredAt().toString());
            assertThat(r.getString("timestamps.dispatchedAt")).isEqualTo(caseEvents.get(1).occurredAt().toString());
        }
        // events that filled gaps were folded from the whole history, the others onto the row: the same rows
        aRebuildGivesTheSameRows(id);
    }

    @Test
    void anEventThatFollowsItsStreamIsFoldedOntoTheRowWithoutReadingTheHistory() {
        String id = Fixtures.submitted();
        List<EventEnvelope> caseEvents = dispatched(id);
        // behind the service's back, the kept assignment goes: a recompute from the history would lose its time
        forget(caseEvents.get(1));
        try (BrokerClient broker = BrokerClient.shared()) {
            broker.publish(Topics.DISPATCH_EVENTS, caseEvents.get(2));
            awaitStatus(id, "ACCEPTED");
        }
        JsonPath r = request(id);
        assertThat(r.getString("timestamps.dispatchedAt")).isEqualTo(caseEvents.get(1).occurredAt().toString());
        assertThat(r.getString("timestamps.acceptedAt")).isEqualTo(caseEvents.get(2).occurredAt().toString());
        assertThat(Sql.count(db, "select received_count from request_view where id = ?", id)).isEqualTo(3);
    }

    @Test
    void aCommandStartsFromTheFoldTheRowKeepsAndARowWithoutOneFromTheHistory() {
        String token = TestTokens.resident(Fixtures.RESIDENT);
        String id = Fixtures.submitted();
        List<EventEnvelope> caseEvents = dispatched(id);
        // behind the service's back, the kept assignment goes: a command that read the history would lose its time
        forget(caseEvents.get(1));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("reason", "家人已经帮忙解决"))
                .post("/api/requests/" + id + "/cancel").then().statusCode(200).body("status", equalTo("CANCELLED"))
                .body("timestamps.dispatchedAt", equalTo(caseEvents.get(1).occurredAt().toString()));
        assertThat(request(id).getString("timestamps.dispatchedAt")).isEqualTo(caseEvents.get(1).occurredAt().toString());
        assertThat(Sql.count(db, "select stream_version from request_view where id = ?", id)).isEqualTo(2);

        // a row kept before folds were: the command folds the whole history and the row keeps a fold again
        String old = Fixtures.submitted();
        dispatched(old);
        assertThat(Sql.execute(db, "update request_view set fold = null where id = ?", old)).isEqualTo(1);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("reason", "不需要了"))
                .post("/api/requests/" + old + "/cancel").then().statusCode(200).body("status", equalTo("CANCELLED"));
        aRebuildGivesTheSameRows(old);
    }

    /** Publishes a request's case opened and assigned, as the dispatch service would; returns its whole stream to completion. */
    private static List<EventEnvelope> dispatched(String id) {
        List<EventEnvelope> caseEvents = dispatchedAndCompleted(id, new StreamForge("dispatch-service", id),
                MutableClock.get().instant());
        try (BrokerClient broker = BrokerClient.shared()) {
            broker.publish(Topics.DISPATCH_EVENTS, caseEvents.get(0), caseEvents.get(1));
        }
        awaitStatus(id, "DISPATCHED");
        return caseEvents;
    }

    /** Deletes a kept event behind the service's back: what still shows it was not read from the history. */
    private void forget(EventEnvelope received) {
        assertThat(Sql.execute(db, "delete from received_events where event_id = ?", received.eventId())).isEqualTo(1);
    }

    /** A rebuild from the history gives the rows the events built (every column but when a row was written). */
    private void aRebuildGivesTheSameRows(String... ids) {
        List<String> live = rows(ids);
        assertThat(live).filteredOn(row -> row.startsWith("request_view|")).hasSize(ids.length)
                .allMatch(row -> row.contains("|fold={"));
        given().auth().oauth2(TestTokens.admin("admin-1")).post("/api/admin/projections/request-view/rebuild").then()
                .statusCode(200);
        assertThat(rows(ids)).isEqualTo(live).hasSize(2 * ids.length);
    }

    private List<String> rows(String... ids) {
        try (Connection c = db.getConnection()) {
            List<String> rows = new ArrayList<>(TableRows.asText(c, "request_view", "id = any(?)", List.of(ids), "updated_at"));
            rows.addAll(TableRows.asText(c, "audit_request", "request_id = any(?)", List.of(ids), "updated_at"));
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void cancelBeforeCompletionButNotAfter() {
        String token = TestTokens.resident(Fixtures.RESIDENT);
        String id = Fixtures.submitted();
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("reason", "家人已经帮忙解决"))
                .post("/api/requests/" + id + "/cancel").then().statusCode(200).body("status", equalTo("CANCELLED"))
                .body("timestamps.cancelledAt", org.hamcrest.Matchers.notNullValue());
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("reason", "again"))
                .post("/api/requests/" + id + "/cancel").then().statusCode(409).contentType("application/problem+json")
                .body("currentStatus", equalTo("CANCELLED"));
        // another resident cannot even see it
        given().auth().oauth2(TestTokens.resident(Fixtures.OTHER_RESIDENT)).contentType(ContentType.JSON)
                .body(Map.of("reason", "x")).post("/api/requests/" + id + "/cancel").then().statusCode(404);

        String done = Fixtures.submitted();
        try (BrokerClient broker = BrokerClient.shared()) {
            broker.publish(Topics.DISPATCH_EVENTS, dispatchedAndCompleted(done, new StreamForge("dispatch-service", done),
                    MutableClock.get().instant()).toArray(EventEnvelope[]::new));
        }
        awaitStatus(done, "COMPLETED");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("reason", "too late"))
                .post("/api/requests/" + done + "/cancel").then().statusCode(409)
                .body("currentStatus", equalTo("COMPLETED")).body("detail", org.hamcrest.Matchers.containsString("COMPLETED"));
    }

    @Test
    void reopenAfterCompletionWithinTheWindowStartsANewRound() {
        String token = TestTokens.resident(Fixtures.RESIDENT);
        String id = Fixtures.submitted();
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("reason", "not yet"))
                .post("/api/requests/" + id + "/reopen").then().statusCode(409).body("currentStatus", equalTo("SUBMITTED"));

        StreamForge dispatch = new StreamForge("dispatch-service", id);
        try (BrokerClient broker = BrokerClient.shared()) {
            broker.publish(Topics.DISPATCH_EVENTS, dispatchedAndCompleted(id, dispatch, MutableClock.get().instant()).toArray(EventEnvelope[]::new));
            awaitStatus(id, "COMPLETED");
            String etag = given().auth().oauth2(token).get("/api/requests/" + id).then().extract().header("ETag");
            given().auth().oauth2(token).contentType(ContentType.JSON).header("If-Match", etag)
                    .body(Map.of("reason", "理发后头发仍然太长")).post("/api/requests/" + id + "/reopen").then().statusCode(200)
                    .body("status", equalTo("REOPENED")).body("reopenCount", equalTo(1)).body("round", equalTo(2))
                    .body("timestamps.completedAt", org.hamcrest.Matchers.nullValue());
            // a stale ETag is refused
            given().auth().oauth2(token).contentType(ContentType.JSON).header("If-Match", etag)
                    .body(Map.of("reason", "again")).post("/api/requests/" + id + "/cancel").then().statusCode(412);

            // dispatch takes it back and assigns it again
            broker.publish(Topics.DISPATCH_EVENTS,
                    dispatch.next(new CaseEvent.Reopened(id, "理发后头发仍然太长", 1, 1), SYSTEM_DISPATCH),
                    dispatch.next(new CaseEvent.Assigned(id, "blue-sky", DispatchMode.DIRECTIVE, MutableClock.get().instant().plusSeconds(3600), 2, null), DISPATCHER));
            awaitStatus(id, "DISPATCHED");
            assertThat(request(id).getString("assignment.teamId")).isEqualTo("blue-sky");
        }
        aRebuildGivesTheSameRows(id);

        // past the follow-up window, no more reopening
        String late = Fixtures.submitted();
        try (BrokerClient broker = BrokerClient.shared()) {
            broker.publish(Topics.DISPATCH_EVENTS, dispatchedAndCompleted(late, new StreamForge("dispatch-service", late),
                    MutableClock.get().instant()).toArray(EventEnvelope[]::new));
        }
        awaitStatus(late, "COMPLETED");
        MutableClock.get().advance(Duration.ofDays(31));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("reason", "too late"))
                .post("/api/requests/" + late + "/reopen").then().statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("window"));
        // an admin may not break the window either, but may reopen within it (checked above for the owner)
        given().auth().oauth2(TestTokens.dispatcher("d-1")).contentType(ContentType.JSON).body(Map.of("reason", "x"))
                .post("/api/requests/" + late + "/reopen").then().statusCode(403);
    }

    @Test
    void aRejectedRequestShowsWhy() {
        String id = Fixtures.submitted();
        StreamForge dispatch = new StreamForge("dispatch-service", id);
        try (BrokerClient broker = BrokerClient.shared()) {
            broker.publish(Topics.DISPATCH_EVENTS,
                    dispatch.next(new CaseEvent.Opened(id, Fixtures.RESIDENT, "ELDERLY_CARE", "G-HPL-01", Urgency.NORMAL, "t",
                            MutableClock.get().instant(), new SlaTargets(1, 1, 1)), SYSTEM_DISPATCH),
                    dispatch.next(new CaseEvent.Rejected(id, RejectionReason.OUTSIDE_SERVICE_AREA, "不在服务范围", null), DISPATCHER));
        }
        awaitStatus(id, "REJECTED");
        assertThat(request(id).getString("rejection")).isEqualTo("OUTSIDE_SERVICE_AREA");
    }
}
