package io.sidan.request;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.sidan.contracts.calendar.WorkingCalendar;
import io.sidan.contracts.envelope.Actor;
import io.sidan.eventing.command.CommandHandler;
import io.sidan.eventing.store.EventMetadata;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.tx.Transactions;
import io.sidan.request.domain.CalendarCommand;
import io.sidan.request.domain.CalendarDecider;
import io.sidan.request.projection.CalendarQueries;
import io.sidan.testing.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * The working-day calendar through the API: an admin imports 2026's holiday notice (the Spring Festival and its
 * 调休 Saturdays), edits a day, sets the hours; anyone reads it; working-time categories carry their clock into
 * their requests.
 */
@QuarkusTest
class CalendarTest {

    private static final String ADMIN = TestTokens.admin("admin-calendar");

    @Inject
    EventStore store;
    @Inject
    Transactions tx;
    @Inject
    CalendarQueries queries;

    private static JsonPath year(int year) {
        return given().queryParam("year", year).get("/api/calendar").then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, Object> notice2026() {
        return Map.of("source", "国务院办公厅关于2026年部分节假日安排的通知（春节部分）",
                "holidays", List.of(Map.of("from", "2026-02-15", "to", "2026-02-23", "name", "春节")),
                "workdays", List.of(Map.of("date", "2026-02-14", "name", "春节调休"), Map.of("date", "2026-02-28", "name", "春节调休")));
    }

    @Test
    void anAdminImportsAYearsNoticeAndEditsDaysAndEveryoneReadsIt() {
        int before = year(2026).getInt("workingDays");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(notice2026()).put("/api/calendar/years/2026")
                .then().statusCode(200).body("year", equalTo(2026)).body("zone", equalTo("Asia/Shanghai"));
        JsonPath y = year(2026);
        assertThat(y.getList("days.date", String.class)).contains("2026-02-14", "2026-02-15", "2026-02-23", "2026-02-28");
        assertThat(y.getString("days.find { it.date == '2026-02-14' }.mark")).isEqualTo("WORKDAY");
        assertThat(y.getString("days.find { it.date == '2026-02-16' }.name")).isEqualTo("春节");
        // nine days off, of which Monday 16 to Friday 20 and Monday 23 were working days (6), two Saturdays worked
        assertThat(y.getInt("workingDays")).isEqualTo(261 - 6 + 2);
        assertThat(before).as("2026 has 261 weekdays, before any notice").isIn(261, 261 - 6 + 2);

        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("mark", "HOLIDAY", "name", "临时放假"))
                .put("/api/calendar/days/2026-03-02").then().statusCode(200);
        assertThat(year(2026).getString("days.find { it.date == '2026-03-02' }.mark")).isEqualTo("HOLIDAY");
        given().auth().oauth2(ADMIN).delete("/api/calendar/days/2026-03-02").then().statusCode(200);
        assertThat(year(2026).getList("days.date", String.class)).doesNotContain("2026-03-02");

        // importing the notice again replaces the year's marks: the same year as before the edits
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(notice2026()).put("/api/calendar/years/2026")
                .then().statusCode(200).body("workingDays", equalTo(261 - 6 + 2));
    }

    @Test
    void theCalendarIsKeptInMemoryUntilAChangeIsNotifiedAsAnotherInstanceDoes() {
        LocalDate day = LocalDate.of(2037, 3, 3);
        assertThat(tx.inTransaction(queries::state).marks()).doesNotContainKey(day);
        // another instance's change: appended through the one command path, but this instance is not told yet
        CommandHandler<?, CalendarCommand, ?> elsewhere = new CommandHandler<>(store, CalendarDecider.DECIDER);
        EventMetadata metadata = EventMetadata.by(Actor.system("another-instance"));
        tx.inTransaction(c -> elsewhere.handle(c, CalendarDecider.STREAM,
                state -> new CalendarCommand.MarkDay(day, WorkingCalendar.Mark.HOLIDAY, "另一实例"), metadata, OptionalLong.empty()));
        assertThat(tx.inTransaction(queries::state).marks()).as("uses read nothing: the copy in memory")
                .doesNotContainKey(day);
        // that instance's transaction notifies; this one listens and drops its copy
        tx.inTransaction(c -> {
            queries.notifyChange(c);
            return null;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> tx.inTransaction(queries::state).marks().containsKey(day));

        // an admin's change through this instance counts at once
        given().auth().oauth2(ADMIN).delete("/api/calendar/days/" + day).then().statusCode(200);
        assertThat(tx.inTransaction(queries::state).marks()).doesNotContainKey(day);
    }

    @Test
    void anAdminSetsTheWorkingHours() {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("hours", List.of(Map.of("from", "14:00", "to", "17:30"), Map.of("from", "08:30", "to", "12:00"))))
                .put("/api/calendar/hours").then().statusCode(200)
                .body("hours.from", equalTo(List.of("08:30", "14:00"))).body("hours.to", equalTo(List.of("12:00", "17:30")));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("hours", List.of(Map.of("from", "09:00", "to", "12:00"), Map.of("from", "13:30", "to", "17:30"))))
                .put("/api/calendar/hours").then().statusCode(200);
    }

    @Test
    void onlyAdminsChangeItAndBadInputIsRefusedNamingTheField() {
        for (String token : List.of(TestTokens.dispatcher("d"), TestTokens.resident(Fixtures.RESIDENT))) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(notice2026()).put("/api/calendar/years/2026")
                    .then().statusCode(403);
        }
        given().contentType(ContentType.JSON).body(Map.of("mark", "HOLIDAY", "name", "x")).put("/api/calendar/days/2026-03-02")
                .then().statusCode(401);
        Object[][] bad = {
                {"/api/calendar/years/2026", Map.of("source", "x", "holidays", List.of(Map.of("from", "2027-01-01", "to", "2027-01-01",
                        "name", "元旦")), "workdays", List.of()), "days"},
                {"/api/calendar/years/2026", Map.of("source", "x", "holidays", List.of(Map.of("from", "2026-02-15", "to", "2026-02-16",
                        "name", "春节")), "workdays", List.of(Map.of("date", "2026-02-15", "name", "x"))), "days"},
                {"/api/calendar/years/2026", Map.of("source", "x", "holidays", List.of(Map.of("from", "2026-02-23", "to", "2026-02-15",
                        "name", "春节")), "workdays", List.of()), "holidays[0].to"},
                {"/api/calendar/years/2026", Map.of("source", "x", "holidays", List.of(Map.of("from", "2026-02-30", "to", "2026-03-01",
                        "name", "x")), "workdays", List.of()), "holidays[0].from"},
                {"/api/calendar/years/1900", notice2026(), "year"},
                {"/api/calendar/hours", Map.of("hours", List.of(Map.of("from", "09:00", "to", "12:00"), Map.of("from", "11:00", "to", "13:00"))), "hours"},
                {"/api/calendar/hours", Map.of("hours", List.of(Map.of("from", "12:00", "to", "09:00"))), "hours[0].to"},
                {"/api/calendar/hours", Map.of("hours", List.of(Map.of("from", "9am", "to", "12:00"))), null},
                {"/api/calendar/days/2026-13-01", Map.of("mark", "HOLIDAY", "name", "x"), "date"},
                {"/api/calendar/days/2026-03-02", Map.of("mark", "SOMETIMES", "name", "x"), null},
        };
        for (Object[] b : bad) {
            var then = given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(b[1]).put((String) b[0]).then()
                    .statusCode(400).contentType("application/problem+json");
            if (b[2] != null) {
                then.body("errors[0].field", equalTo(b[2]));
            }
        }
        given().queryParam("year", "soon").get("/api/calendar").then().statusCode(400);
    }

    @Test
    void aWorkingTimeCategoryCarriesItsClockIntoItsRequests() {
        String code = "POLICY_TALK_" + System.nanoTime() % 100000;
        Map<String, Object> sla = Map.of("dispatchMinutes", 240, "acceptMinutes", 480, "completeMinutes", 2400);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("code", code, "nameZh", "政策解读",
                "nameEn", "Policy talk", "defaultUrgency", "NORMAL", "sla", Map.of("LOW", sla, "NORMAL", sla, "HIGH", sla,
                        "EMERGENCY", sla), "slaClock", "WORKING")).post("/api/catalogue").then().statusCode(201)
                .body("slaClock", equalTo("WORKING"));
        given().get("/api/catalogue/ELDERLY_CARE").then().statusCode(200).body("slaClock", org.hamcrest.Matchers.nullValue());
        Map<String, Object> body = new java.util.HashMap<>(Fixtures.body());
        body.put("category", code);
        body.remove("item");
        String id = Fixtures.submit(TestTokens.resident(Fixtures.RESIDENT), body).then().statusCode(201).extract().path("id");
        given().auth().oauth2(TestTokens.resident(Fixtures.RESIDENT)).get("/api/requests/" + id).then().statusCode(200)
                .body("sla.clock", equalTo("WORKING"));
        given().auth().oauth2(TestTokens.resident(Fixtures.RESIDENT)).get("/api/requests/" + Fixtures.submitted()).then()
                .statusCode(200).body("sla.clock", org.hamcrest.Matchers.nullValue());
    }
}
