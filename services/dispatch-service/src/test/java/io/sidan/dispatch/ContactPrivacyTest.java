package io.sidan.dispatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.sidan.contracts.events.Urgency;
import io.sidan.testing.MutableClock;
import io.sidan.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The resident's contact in dispatch: who sees it unmasked, when, and that each such read is in the access log. */
@QuarkusTest
class ContactPrivacyTest {

    @AfterEach
    void resetClock() {
        MutableClock.get().reset();
    }

    private static List<Map<String, Object>> log(String id) {
        return given().auth().oauth2(Scenario.ADMIN).queryParam("request", id).get("/api/dispatch/access-log")
                .then().statusCode(200).extract().jsonPath().getList("entries");
    }

    private static int contactStatus(String team, String id) {
        return given().auth().oauth2(Scenario.teamToken(team)).get("/api/tasks/" + id + "/contact").statusCode();
    }

    @Test
    void dispatchersSeeTheContactAndAreLoggedAdminsSeeItMasked() {
        Scenario s = new Scenario();
        String id = s.submit(Urgency.NORMAL);
        int before = log(id).size(); // the scenario's dispatcher polled the case until it opened

        given().auth().oauth2(Scenario.ADMIN).get("/api/dispatch/cases/" + id).then().statusCode(200)
                .body("contact.phone", equalTo("139****5678")).body("contact.address", equalTo("测****"))
                .body("contact.masked", equalTo(true));
        assertThat(log(id)).hasSize(before);

        given().auth().oauth2(TestTokens.dispatcher("dispatcher-5")).get("/api/dispatch/cases/" + id).then().statusCode(200)
                .body("contact.phone", equalTo("13912345678")).body("contact.address", equalTo("测试路1号"))
                .body("contact.masked", equalTo(false));
        assertThat(log(id)).hasSize(before + 1).last().satisfies(e -> assertThat(e)
                .containsEntry("actorId", "dispatcher-5").containsEntry("purpose", "dispatch"));
    }

    @Test
    void theServingTeamReadsTheContactFromAcceptanceUntilThreeDaysAfterCompletion() {
        Scenario s = new Scenario();
        String red = s.team("red", 3, true);
        String blue = s.team("blue", 3, true);
        String id = s.submit(Urgency.NORMAL);
        Scenario.assign(id, red).then().statusCode(200);
        int before = log(id).size();

        assertThat(contactStatus(red, id)).as("assigned, not yet accepted").isEqualTo(403);
        assertThat(contactStatus(blue, id)).as("not its task").isEqualTo(404);
        Scenario.act(red, id, "accept", null).then().statusCode(200);
        given().auth().oauth2(Scenario.teamToken(red)).get("/api/tasks/" + id + "/contact").then().statusCode(200)
                .body("phone", equalTo("13912345678")).body("address", equalTo("测试路1号")).body("masked", equalTo(false));
        assertThat(log(id)).hasSize(before + 1).last().satisfies(e -> assertThat(e)
                .containsEntry("actorRole", "team").containsEntry("actorId", "user-" + red).containsEntry("purpose", "service"));

        Scenario.act(red, id, "start", null).then().statusCode(200);
        Scenario.act(red, id, "complete", Map.of("summary", "已完成", "volunteerHours", List.of(Map.of("volunteerId", "v-red-1", "hours", 1))))
                .then().statusCode(200);
        MutableClock.get().advance(Duration.ofDays(3).minusMinutes(1));
        assertThat(contactStatus(red, id)).as("a follow-up call within three days").isEqualTo(200);
        MutableClock.get().advance(Duration.ofMinutes(2));
        assertThat(contactStatus(red, id)).as("after three days").isEqualTo(403);
        assertThat(log(id)).hasSize(before + 2);

        given().auth().oauth2(Scenario.ADMIN).get("/api/dispatch/access-log/verification").then().statusCode(200)
                .body("intact", equalTo(true));
    }
}
