package io.sidan.dispatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sidan.contracts.Topics;
import io.sidan.contracts.calendar.WorkingCalendar;
import io.sidan.contracts.calendar.WorkingCalendar.Mark;
import io.sidan.contracts.envelope.EventJson;
import io.sidan.contracts.envelope.Actor;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.events.CalendarEvent;
import io.sidan.contracts.events.Channel;
import io.sidan.contracts.events.Location;
import io.sidan.contracts.events.RequestEvent;
import io.sidan.contracts.events.SlaClock;
import io.sidan.contracts.events.SlaTargets;
import io.sidan.contracts.events.Urgency;
import io.sidan.dispatch.projection.WorkingCalendars;
import io.sidan.testing.BrokerClient;
import io.sidan.testing.MutableClock;
import io.sidan.testing.Sql;
import io.sidan.testing.StreamForge;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Deadlines of a working-time category around the 2026 Spring Festival (15–23 February off, Saturdays 14 and
 * 28 February worked), with the calendar as the request service publishes it: dispatch, accept and completion
 * due times skip nights, the lunch break, the festival, and count the 调休 Saturday.
 */
@QuarkusTest
class WorkingTimeDeadlinesTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Inject
    AgroalDataSource db;

    @Inject
    WorkingCalendars calendars;

    @AfterEach
    void resetClock() {
        MutableClock.get().reset();
    }

    static Instant shanghai(int month, int day, int hour, int minute) {
        return LocalDateTime.of(2026, month, day, hour, minute).atZone(SHANGHAI).toInstant();
    }

    @Test
    void aWorkingTimeCaseIsDueByTheCalendar() {
        List<CalendarEvent.MarkedDay> days = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2026, 2, 15); !d.isAfter(LocalDate.of(2026, 2, 23)); d = d.plusDays(1)) {
            days.add(new CalendarEvent.MarkedDay(d, Mark.HOLIDAY, "春节"));
        }
        days.add(new CalendarEvent.MarkedDay(LocalDate.of(2026, 2, 14), Mark.WORKDAY, "春节调休"));
        days.add(new CalendarEvent.MarkedDay(LocalDate.of(2026, 2, 28), Mark.WORKDAY, "春节调休"));
        String notice = "国务院办公厅关于2026年部分节假日安排的通知 " + UUID.randomUUID();
        EventEnvelope yearSet = new StreamForge("request-service", "calendar")
                .next(new CalendarEvent.YearSet(2026, days, notice), new Actor("admin", "admin-1", "admin-1"));
        try (BrokerClient broker = BrokerClient.shared()) {
            broker.publish(Topics.REQUEST_EVENTS, yearSet);
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Sql.count(db, "select count(*) from working_calendar where state like ?", "%2026-02-14%") == 1);

        Scenario s = new Scenario();
        String team = s.team("red", 3, true);
        Instant friday = shanghai(2, 13, 16, 30);
        MutableClock.get().setTo(friday);
        String id = UUID.randomUUID().toString();
        SlaTargets working = new SlaTargets(120, 240, 1440, SlaClock.WORKING);
        try (BrokerClient broker = BrokerClient.shared()) {
            broker.publish(Topics.REQUEST_EVENTS, new StreamForge("request-service", id).next(new RequestEvent.Submitted(id,
                    "resident-1", "居民一", Channel.APP, s.category, null, "政策咨询", "想了解补贴政策", new Location(s.grid,
                    "测试路1号", null, null), Urgency.NORMAL, "13912345678", null, working), new Actor("resident", "resident-1", "居民"),
                    friday, null));
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> given().auth().oauth2(Scenario.DISPATCHER).get("/api/dispatch/cases/" + id).statusCode() == 200);
        JsonPath opened = Scenario.caseOf(id);
        // 60 minutes on Friday, the other 60 on the make-up Saturday
        assertThat(Instant.parse(opened.getString("dispatchDueAt"))).isEqualTo(shanghai(2, 14, 10, 0));
        // 1440: 60 on Friday, 420 on Saturday, 420 on Tuesday 24th, 420 on Wednesday, 120 on Thursday
        assertThat(Instant.parse(opened.getString("completeDueAt"))).isEqualTo(shanghai(2, 26, 11, 0));

        MutableClock.get().setTo(shanghai(2, 14, 17, 0));
        Scenario.assign(id, team).then().statusCode(200);
        // 30 minutes left on Saturday, nine days off, then 180 + 30 on Tuesday 24th
        assertThat(Instant.parse(Scenario.caseOf(id).getString("acceptBy"))).isEqualTo(shanghai(2, 24, 14, 0));

        MutableClock.get().setTo(shanghai(2, 20, 10, 0));
        Scenario.act(team, id, "accept", null).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("ACCEPTED"));
    }

    @Test
    void theCalendarIsKeptInMemoryUntilAChangeIsNotifiedAsAnotherInstanceDoes() throws Exception {
        LocalDate day = LocalDate.of(2037, 3, 3); // a Tuesday
        boolean hadRow = Sql.count(db, "select count(*) from working_calendar") == 1;
        String before = hadRow ? Sql.text(db, "select state from working_calendar") : null;
        assertThat(calendars.calendar().isWorkingDay(day)).isTrue();
        try {
            // the row as another instance's consumer leaves it, but this instance is not told yet
            String marked = "[{\"date\": \"" + day + "\", \"mark\": \"HOLIDAY\", \"name\": \"另一实例\"}]";
            String fresh = "{\"hours\": " + EventJson.mapper().writeValueAsString(WorkingCalendar.DEFAULT_HOURS)
                    + ", \"days\": " + marked + "}";
            Sql.execute(db, "insert into working_calendar (id, state, version) values (1, ?, 0) on conflict (id) do update "
                    + "set state = jsonb_set(working_calendar.state::jsonb, '{days}', "
                    + "(working_calendar.state::jsonb -> 'days') || ?::jsonb)::text", fresh, marked);
            assertThat(calendars.calendar().isWorkingDay(day)).as("a use reads nothing: the copy in memory").isTrue();
            // that instance's transaction notifies; this one listens and drops its copy
            notifyChange();
            await().atMost(Duration.ofSeconds(10)).until(() -> !calendars.calendar().isWorkingDay(day));
        } finally {
            if (hadRow) {
                Sql.execute(db, "update working_calendar set state = ?", before);
            } else {
                Sql.execute(db, "delete from working_calendar");
            }
            notifyChange();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> calendars.calendar().isWorkingDay(day));
    }

    private void notifyChange() {
        Sql.count(db, "select count(*) from (select pg_notify(?, '')) n", WorkingCalendars.CHANNEL);
    }
}
