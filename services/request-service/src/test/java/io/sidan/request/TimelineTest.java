package io.sidan.request;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import io.sidan.contracts.events.SlaTargets;
import io.sidan.contracts.events.Urgency;
import io.sidan.contracts.events.VolunteerHours;
import io.sidan.testing.BrokerClient;
import io.sidan.testing.MutableClock;
import io.sidan.testing.Sql;
import io.sidan.testing.StreamForge;
import io.sidan.testing.TestTokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TimelineTest {

    @Inject
    AgroalDataSource db;

    private String completedRequest() {
        String id = Fixtures.submitted();
        given().auth().oauth2(TestTokens.resident(Fixtures.RESIDENT)).contentType(ContentType.JSON)
                .body(Map.of("reason", "改时间")).post("/api/requests/" + id + "/cancel").then().statusCode(200);
        return id;
    }

    private static JsonPath timeline(String id, String token) {
        return given().auth().oauth2(token).get("/api/requests/" + id + "/timeline").then().statusCode(200).extract().jsonPath();
    }

    private String servedRequest() {
        return servedRequest(false);
    }

    /** A served request; with notes, the team also wrote one public and one internal progress note. */
    private String servedRequest(boolean withNotes) {
        String id = Fixtures.submitted();
        StreamForge dispatch = new StreamForge("dispatch-service", id);
        Actor system = Actor.system("dispatch-service");
        Actor team = new Actor("team", "t-red", "team-red");
        Instant t = MutableClock.get().instant();
        List<EventEnvelope> events = new ArrayList<>();
        EventEnvelope opened = dispatch.next(new CaseEvent.Opened(id, Fixtures.RESIDENT, "ELDERLY_CARE", "G-HPL-01",
                Urgency.NORMAL, "老人上门理发", t, new SlaTargets(120, 240, 4320)), system, t.plusMillis(5), null);
        events.add(opened);
        events.add(dispatch.next(new CaseEvent.Assigned(id, "red-vest", DispatchMode.AUTOMATIC, t.plusSeconds(3600), 1, null),
                system, t.plusMillis(10), opened.eventId().toString()));
        events.add(dispatch.next(new CaseEvent.Accepted(id, "red-vest", DispatchMode.AUTOMATIC, 1), team, t.plusSeconds(60), null));
        events.add(dispatch.next(new CaseEvent.ServiceStarted(id, "red-vest"), team, t.plusSeconds(600), null));
        if (withNotes) {
            events.add(dispatch.next(new CaseEvent.ProgressNoted(id, "red-vest", "已联系家属，明早上门", true), team,
                    t.plusSeconds(700), null));
            events.add(dispatch.next(new CaseEvent.ProgressNoted(id, "red-vest", "家属态度差，内部提醒注意安全", false), team,
                    t.plusSeconds(800), null));
        }
        events.add(dispatch.next(new CaseEvent.ServiceCompleted(id, "red-vest", "已完成", List.of(new VolunteerHours("v-1", "张伟", 2)),
                List.of(), Fixtures.RESIDENT, "ELDERLY_CARE", "G-HPL-01", 1), team, t.plusSeconds(3000), null));
        try (BrokerClient broker = BrokerClient.shared()) {
            broker.publish(Topics.DISPATCH_EVENTS, events.toArray(EventEnvelope[]::new));
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Sql.count(db, "select count(*) from received_events where request_id = ?", id) == events.size());
        return id;
    }

    @Test
    void theTimelineOfAServedRequestHoldsEveryServicesEventsAndVerifies() {
        String id = servedRequest();
        JsonPath t = timeline(id, TestTokens.resident(Fixtures.RESIDENT));
        assertThat(t.getBoolean("verified")).isTrue();
        assertThat(t.getList("entries.type", String.class)).containsExactly("request.submitted", "case.opened",
                "case.assigned", "case.accepted", "service.started", "service.completed");
        assertThat(t.getList("entries.source", String.class)).containsExactly("request-service", "dispatch-service",
                "dispatch-service", "dispatch-service", "dispatch-service", "dispatch-service");
        assertThat(t.getList("entries.verified", Boolean.class)).containsOnly(true);
        assertThat(t.getList("entries.hash", String.class)).allMatch(h -> h.matches("[0-9a-f]{64}"));
        assertThat(t.getString("entries[0].summary")).contains("老人上门理发");
        assertThat(t.getString("entries[5].summaryEn")).contains("2 volunteer hours");
        // the accept deadline is written for people, in the centre's zone (Asia/Shanghai), not as an ISO instant
        String acceptBy = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(java.time.ZoneId.of("Asia/Shanghai"))
                .format(Instant.parse(t.getString("entries[1].occurredAt")).minusMillis(5).plusSeconds(3600)); // opened 5 ms after t
        assertThat(t.getString("entries[2].summary")).endsWith("接单时限 " + acceptBy);
        assertThat(t.getString("entries[2].summaryEn")).endsWith("accept by " + acceptBy).doesNotContain("Z");
        assertThat(t.getList("streams.valid", Boolean.class)).containsOnly(true);
        assertThat(t.getList("streams.source", String.class)).containsExactlyInAnyOrder("request-service", "dispatch-service");
    }

    @Test
    void internalNotesAreShownToDispatchersAndAdminsOnlyAndMarked() {
        String id = servedRequest(true);
        for (String token : List.of(TestTokens.resident(Fixtures.RESIDENT), TestTokens.reviewer("reviewer-1"))) {
            JsonPath t = timeline(id, token);
            assertThat(t.getList("entries.summary", String.class)).anyMatch(s -> s.contains("已联系家属"))
                    .noneMatch(s -> s.contains("内部提醒"));
            assertThat(t.getList("entries.summaryEn", String.class)).noneMatch(s -> s.contains("内部提醒"));
            assertThat(t.getList("entries.internal", Boolean.class)).containsOnly(false);
            assertThat(t.getInt("withheld")).isEqualTo(1);
            assertThat(t.getBoolean("verified")).isTrue();
            assertThat(t.getInt("streams.find { it.source == 'dispatch-service' }.events")).isEqualTo(7);
        }
        for (String token : List.of(TestTokens.dispatcher("d-1"), TestTokens.admin("admin-1"))) {
            JsonPath t = timeline(id, token);
            assertThat(t.getInt("withheld")).isZero();
            assertThat(t.getBoolean("entries.find { it.summary.contains('内部提醒') }.internal")).isTrue();
            assertThat(t.getBoolean("entries.find { it.summary.contains('已联系家属') }.internal")).isFalse();
        }
        JsonPath file = given().auth().oauth2(TestTokens.admin("admin-1")).get("/api/audit/requests/" + id)
                .then().statusCode(200).extract().jsonPath();
        assertThat(file.getBoolean("timeline.entries.find { it.summary.contains('内部提醒') }.internal")).isTrue();
        assertThat(file.getInt("timeline.withheld")).isZero();
    }

    @Test
    void aTamperedOwnEventFailsVerificationAndIsNamed() {
        String id = completedRequest();
        Sql.execute(db, "update event_store set payload = '{\"reason\":\"被改过\",\"requestId\":\"" + id + "\"}' "
                + "where stream_id = ? and version = 2", id);
        JsonPath t = timeline(id, TestTokens.admin("admin-1"));
        assertThat(t.getBoolean("verified")).isFalse();
        assertThat(t.getBoolean("entries[0].verified")).isTrue();
        assertThat(t.getBoolean("entries[1].verified")).isFalse();
        assertThat(t.getInt("streams.find { it.source == 'request-service' }.brokenVersion")).isEqualTo(2);
        assertThat(t.getString("streams.find { it.source == 'request-service' }.problem")).contains("altered");
    }

    @Test
    void aTamperedReceivedEventFailsVerification() {
        String id = servedRequest();
        Sql.execute(db, "update received_events set actor_name = 'someone-else' where request_id = ? and stream_version = 3", id);
        JsonPath t = timeline(id, TestTokens.dispatcher("d-1"));
        assertThat(t.getBoolean("verified")).isFalse();
        assertThat(t.getInt("streams.find { it.source == 'dispatch-service' }.brokenVersion")).isEqualTo(3);
        assertThat(t.getBoolean("streams.find { it.source == 'request-service' }.valid")).isTrue();
    }

    @Test
    void otherResidentsCannotReadATimeline() {
        String id = completedRequest();
        given().auth().oauth2(TestTokens.resident(Fixtures.OTHER_RESIDENT)).get("/api/requests/" + id + "/timeline")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.team("team-red", "red-vest")).get("/api/requests/" + id + "/timeline")
                .then().statusCode(403);
    }
}
