package io.sidan.request;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
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
import io.sidan.contracts.events.Urgency;
import io.sidan.contracts.events.VolunteerHours;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.tx.Transactions;
import io.sidan.request.projection.AuditFigures;
import io.sidan.request.projection.AuditQueries;
import io.sidan.request.projection.AuditRollUps;
import io.sidan.testing.BrokerClient;
import io.sidan.testing.MutableClock;
import io.sidan.testing.StreamForge;
import io.sidan.testing.TableRows;
import io.sidan.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Six requests with hand-made histories, fed through the real broker; every figure the audit reports
 * is computed by hand here from the offsets below and compared.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditTest {

    static final String ADMIN = TestTokens.admin("admin-1");
    /** Read JSON numbers as doubles: as floats, 85499.936 would read as 85499.94. */
    static final JsonPathConfig DOUBLES = JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE);
    static final String RESIDENT = "audit-resident";
    static final Instant MONTH_START = Instant.parse("2025-02-28T16:00:00Z"); // 2025-03-01 00:00 in Shanghai
    static final Instant MONTH_END = Instant.parse("2025-03-31T16:00:00Z");
    static final Actor SYSTEM = Actor.system("dispatch-service");
    static final Actor DISPATCHER = new Actor("dispatcher", "d-1", "dispatcher1");
    static final Actor RATER = Actor.system("rating-service");

    final String category = "AUDIT_" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    final Map<String, String> ids = new HashMap<>();

    @Inject
    Transactions tx;
    @Inject
    EventStore store;
    @Inject
    AuditRollUps rollUps;
    @Inject
    AuditQueries queries;
    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    /** Minutes as seconds. */
    private static int m(int minutes) {
        return minutes * 60;
    }

    private boolean fed;
    private double arriveR6;

    /** Once for the class (in a BeforeEach, where the test's HTTP port is known). */
    @BeforeEach
    void feedSixHistoriesOnce() {
        if (!fed) {
            feedSixHistories();
            fed = true;
        }
    }

    void feedSixHistories() {
        Map<String, Object> sla = Map.of("dispatchMinutes", 30, "acceptMinutes", 60, "completeMinutes", 600);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("code", category, "nameZh", "审计测试",
                "nameEn", "Audit test", "defaultUrgency", "NORMAL",
                "sla", Map.of("LOW", sla, "NORMAL", sla, "HIGH", sla, "EMERGENCY", sla))).post("/api/catalogue").then().statusCode(201);

        MutableClock.get().setTo(Instant.parse("2025-03-10T02:00:00Z"));
        try (BrokerClient broker = BrokerClient.shared()) {
            // R1: quick and good — dispatch 10 min, accept 10 min, arrive 20 min, completed after 3 h, all rate, closed
            Instant s1 = submit("R1", null);
            StreamForge d1 = dispatch(broker, "R1", s1,
                    at -> List.of(new Timed(new CaseEvent.Assigned(ids.get("R1"), "t-a", DispatchMode.DIRECTIVE, at.plusSeconds(m(70)), 1, null), m(10)),
                            new Timed(new CaseEvent.Accepted(ids.get("R1"), "t-a", DispatchMode.DIRECTIVE, 1), m(20)),
                            new Timed(new CaseEvent.ServiceStarted(ids.get("R1"), "t-a"), m(40)),
                            new Timed(completed("R1", "t-a"), m(180))));
            rate(broker, "R1", s1, m(180), new int[] {5, 4, 4}, List.of(), m(300));

            // R2: late dispatch (40 min), declined, reassigned, accepted in 15 min, completed after 12 h (late),
            //     rated 2 and 3, the reviewer never rates; the bad rating is followed up
            MutableClock.get().advance(Duration.ofMinutes(1));
            Instant s2 = submit("R2", null);
            dispatch(broker, "R2", s2,
                    at -> List.of(new Timed(new CaseEvent.Assigned(ids.get("R2"), "t-a", DispatchMode.DIRECTIVE, at.plusSeconds(m(100)), 1, null), m(40)),
                            new Timed(new CaseEvent.Declined(ids.get("R2"), "t-a", "忙", 1), m(50)),
                            new Timed(new CaseEvent.Assigned(ids.get("R2"), "t-b", DispatchMode.DIRECTIVE, at.plusSeconds(m(115)), 2, null), m(55)),
                            new Timed(new CaseEvent.Accepted(ids.get("R2"), "t-b", DispatchMode.DIRECTIVE, 2), m(70)),
                            new Timed(new CaseEvent.ServiceStarted(ids.get("R2"), "t-b"), m(90)),
                            new Timed(completed("R2", "t-b"), m(720))));
            rate(broker, "R2", s2, m(720), new int[] {2, 3, 0}, List.of(Party.REVIEWER), m(720) + 2 * 86_400 - m(720));

            // R3: assigned at 5 min, the team lets it expire, reassigned, accepted at 80 min, completed after 5 h;
            //     resident and reviewer rate 5, the platform never does
            MutableClock.get().advance(Duration.ofMinutes(1));
            Instant s3 = submit("R3", null);
            dispatch(broker, "R3", s3,
                    at -> List.of(new Timed(new CaseEvent.Assigned(ids.get("R3"), "t-b", DispatchMode.AUTOMATIC, at.plusSeconds(m(65)), 1, null), m(5)),
                            new Timed(new CaseEvent.AcceptExpired(ids.get("R3"), List.of("t-b"), at.plusSeconds(m(65)), 1), m(65)),
                            new Timed(new CaseEvent.Escalated(ids.get("R3"), 1, "超时"), m(65)),
                            new Timed(new CaseEvent.Assigned(ids.get("R3"), "t-a", DispatchMode.DIRECTIVE, at.plusSeconds(m(126)), 2, null), m(66)),
                            new Timed(new CaseEvent.Accepted(ids.get("R3"), "t-a", DispatchMode.DIRECTIVE, 2), m(80)),
                            new Timed(new CaseEvent.ServiceStarted(ids.get("R3"), "t-a"), m(100)),
                            new Timed(completed("R3", "t-a"), m(300))));
            rate(broker, "R3", s3, m(300), new int[] {5, 0, 5}, List.of(Party.DISPATCHER), 2 * 86_400);

            // R4: cancelled by the resident before any dispatch
            MutableClock.get().advance(Duration.ofMinutes(1));
            submit("R4", null);
            given().auth().oauth2(TestTokens.resident(RESIDENT)).contentType(ContentType.JSON).body(Map.of("reason", "不需要了"))
                    .post("/api/requests/" + ids.get("R4") + "/cancel").then().statusCode(200);

            // R5: dispatched at 20 min, rejected at 25 min as outside the service area
            MutableClock.get().advance(Duration.ofMinutes(1));
            Instant s5 = submit("R5", null);
            dispatch(broker, "R5", s5,
                    at -> List.of(new Timed(new CaseEvent.Assigned(ids.get("R5"), "t-b", DispatchMode.DIRECTIVE, at.plusSeconds(m(80)), 1, null), m(20)),
                            new Timed(new CaseEvent.Rejected(ids.get("R5"), RejectionReason.OUTSIDE_SERVICE_AREA, "外区", null), m(25))));

            // R6: the resident wants the service tomorrow: 24 h of waiting do not count against the team
            MutableClock.get().advance(Duration.ofMinutes(1));
            Instant now6 = MutableClock.get().instant();
            Instant s6 = submit("R6", now6.plusSeconds(86_400));
            Instant windowFrom = now6.plusSeconds(86_400);
            // the window opens a hair under 24 h after the submission: start and completion are set from it
            long wait6 = Duration.between(s6, windowFrom).toMillis();
            dispatch(broker, "R6", s6,
                    at -> List.of(new Timed(new CaseEvent.Assigned(ids.get("R6"), "t-a", DispatchMode.DIRECTIVE, at.plusSeconds(m(75)), 1, null), m(15)),
                            new Timed(new CaseEvent.Accepted(ids.get("R6"), "t-a", DispatchMode.DIRECTIVE, 1), m(25)),
                            Timed.millis(new CaseEvent.ServiceStarted(ids.get("R6"), "t-a"), wait6 + m(10) * 1000L),
                            Timed.millis(completed("R6", "t-a"), wait6 + m(120) * 1000L)));
            arriveR6 = (wait6 + m(10) * 1000L - m(25) * 1000L) / 1000.0;
            StreamForge sheet6 = new StreamForge("rating-service", ids.get("R6"));
            broker.publish(Topics.RATING_EVENTS, sheet6.next(new RatingEvent.Opened(ids.get("R6"), 1, "t-a", RESIDENT, category, "G-HPL-01",
                    List.of(Party.RESIDENT, Party.DISPATCHER, Party.REVIEWER), s6.plusSeconds(86_400 * 8), List.of()), RATER,
                    s6.plusSeconds(86_400 + m(121)), null));
        }
        // all six accounted for: R1, R2, R3 closed, R6 completed, R4 cancelled, R5 rejected
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(status("R1")).isEqualTo("CLOSED");
            assertThat(status("R2")).isEqualTo("CLOSED");
            assertThat(status("R3")).isEqualTo("CLOSED");
            assertThat(status("R4")).isEqualTo("CANCELLED");
            assertThat(status("R5")).isEqualTo("REJECTED");
            assertThat(status("R6")).isEqualTo("COMPLETED");
            assertThat(summary().getInt("[0].followedUp")).isEqualTo(1);
        });
    }

    @AfterAll
    void resetClock() {
        MutableClock.get().reset();
    }

    @Test
    void countsRatesLatenciesAndSlaClocksMatchTheHandComputedFigures() {
        JsonPath f = summary();
        assertThat(f.getList("")).hasSize(1);
        assertThat(f.getString("[0].key")).isEqualTo("all");
        assertThat(f.getInt("[0].submitted")).isEqualTo(6);
        assertThat(f.getInt("[0].cancelled")).isEqualTo(1);
        assertThat(f.getInt("[0].rejected")).isEqualTo(1);
        assertThat(f.getInt("[0].resolved")).isEqualTo(4);
        // response: dispatched within 30 min (R1 10, R3 5, R5 20, R6 15; not R2 at 40) / 6 submitted
        rate(f, "responseRate", 4, 6, 0.6667);
        // resolution: 4 completed / (6 − 1 cancelled − 1 rejected)
        rate(f, "resolutionRate", 4, 4, 1.0);
        // satisfaction: R1 5,4,4 + R2 2,3 + R3 5,5 → 5 of 7 ratings ≥ 4; the reviewer of R2 and the platform of R3 never rated
        rate(f, "satisfactionRate", 5, 7, 0.7143);
        assertThat(f.getInt("[0].noResponse")).isEqualTo(2);
        assertThat(f.getInt("[0].badRatings")).isEqualTo(1);
        assertThat(f.getInt("[0].followedUp")).isEqualTo(1);
        // dispatch: 600, 2400, 300, 1200, 900 s → sorted 300 600 900 1200 2400
        stats(f, "dispatch", 5, 1080, 900, 2400, 2400, 2400);
        // accept (the accepted attempt): R1 600, R2 900, R3 840, R6 600
        stats(f, "accept", 4, 735, 600, 900, 900, 900);
        // accept in total (from the first assignment): 600, 1800, 4500, 600
        stats(f, "acceptTotal", 4, 1875, 600, 4500, 4500, 4500);
        // arrive: 1200, 1200, 1200, and R6 from accepted at 25 min to started 10 min into the resident's window (~85500)
        assertThat(arriveR6).isBetween(85_499.0, 85_500.0);
        stats(f, "arrive", 4, Math.round((3_600_000 + arriveR6 * 1000) / 4) / 1000.0, 1200, arriveR6, arriveR6, arriveR6);
        // resolution: R1 10800, R2 43200, R3 18000, R6 2 h after its window opened (the waiting does not count) = 7200
        stats(f, "resolution", 4, 19800, 10800, 43200, 43200, 43200);
        // rating: R1 5 h − 3 h, R2 2 days − 12 h, R3 2 days − 5 h
        stats(f, "rating", 3, 97200, 129600, 154800, 154800, 154800);
        assertThat(f.getInt("[0].latencies.close.count")).isEqualTo(3);
        // SLA clocks: dispatch 4 met (R1 R3 R5 R6), 1 breached (R2); accept 4 met; complete 3 met (R1 R3 R6), 1 breached (R2)
        sla(f, "dispatch", 4, 1, 0.8);
        sla(f, "accept", 4, 0, 1.0);
        sla(f, "complete", 3, 1, 0.75);
        assertThat(f.getInt("[0].declines")).isEqualTo(1);
        assertThat(f.getInt("[0].expiries")).isEqualTo(1);
        assertThat(f.getInt("[0].escalated")).isEqualTo(1);
        assertThat(f.getInt("[0].supervised")).isZero();
        assertThat(f.getInt("[0].reopens")).isZero();
    }

    @Test
    void groupsByPeriodTeamAndGrid() {
        JsonPath byDay = get("/api/audit/summary", "groupBy", "period", "period", "day");
        assertThat(byDay.getList("key")).containsExactly("2025-03-10");
        JsonPath byMonth = get("/api/audit/summary", "groupBy", "period", "period", "quarter");
        assertThat(byMonth.getList("key")).containsExactly("2025-Q1");
        JsonPath byTeam = get("/api/audit/summary", "groupBy", "team");
        assertThat(byTeam.getList("key")).containsExactly("(none)", "t-a", "t-b");
        // t-a accepted R1, R3 and R6
        assertThat(byTeam.getInt("find { it.key == 't-a' }.submitted")).isEqualTo(3);
        assertThat(byTeam.getDouble("find { it.key == 't-a' }.satisfactionRate.value")).isEqualTo(1.0);
        assertThat(byTeam.getDouble("find { it.key == 't-b' }.latencies.resolution.p50")).isEqualTo(43200.0);
    }

    @Test
    void rankingsKeepTeamsBelowTheMinimumSampleApart() {
        JsonPath r = given().auth().oauth2(ADMIN).queryParam("from", MONTH_START.toString()).queryParam("to", MONTH_END.toString())
                .queryParam("dimension", "team").queryParam("measure", "SATISFACTION").get("/api/audit/rankings")
                .then().statusCode(200).extract().jsonPath().using(DOUBLES);
        // the minimum sample is 3 in tests: t-a has 5 ratings (all ≥ 4); t-b only 2
        assertThat(r.getInt("minSample")).isEqualTo(3);
        assertThat(r.getList("ranked.key")).containsExactly("t-a");
        assertThat(r.getInt("ranked[0].rank")).isEqualTo(1);
        assertThat(r.getDouble("ranked[0].value")).isEqualTo(1.0);
        assertThat(r.getList("insufficientSample.key")).containsExactly("t-b");
        assertThat(r.getInt("insufficientSample[0].sample")).isEqualTo(2);
    }

    @Test
    void daysAndThisMonthAreTheCentresNotUtcs() {
        // a day given for from/to is its start in Asia/Shanghai, the same as the instants
        JsonPath byDays = given().auth().oauth2(ADMIN).queryParam("from", "2025-03-01").queryParam("to", "2025-04-01")
                .queryParam("category", category).get("/api/audit/summary").then().statusCode(200).extract().jsonPath();
        assertThat(byDays.getInt("[0].submitted")).isEqualTo(summary().getInt("[0].submitted")).isEqualTo(6);
        JsonPath afterTheTenth = given().auth().oauth2(ADMIN).queryParam("from", "2025-03-11").queryParam("to", "2025-04-01")
                .queryParam("category", category).get("/api/audit/summary").then().statusCode(200).extract().jsonPath();
        // all six were submitted on 10 March, Shanghai time: nothing from the 11th on
        assertThat(afterTheTenth.getList("submitted", Integer.class).stream().mapToInt(Integer::intValue).sum()).isZero();
        given().auth().oauth2(ADMIN).queryParam("from", "2025-02-30").get("/api/audit/summary").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("from"));

        // by default the last 30 days, today included, in whole days of Shanghai: 10 March is in them until 8 April ends there
        MutableClock.get().setTo(Instant.parse("2025-04-08T15:59:59Z")); // 23:59:59 on 8 April in Shanghai
        assertThat(given().auth().oauth2(ADMIN).queryParam("category", category).get("/api/audit/summary").then().statusCode(200)
                .extract().<Integer>path("[0].submitted")).isEqualTo(6);
        MutableClock.get().setTo(Instant.parse("2025-04-08T16:00:01Z")); // 00:00:01 on 9 April in Shanghai
        assertThat(given().auth().oauth2(ADMIN).queryParam("category", category).get("/api/audit/summary").then().statusCode(200)
                .extract().<List<Object>>path("")).isEmpty();

        // "this month" around midnight of a month end in Shanghai, while UTC is still on the 30th
        MutableClock.get().setTo(Instant.parse("2026-11-30T15:59:59Z")); // 23:59:59 on 30 November in Shanghai
        assertThat(given().auth().oauth2(ADMIN).get("/api/audit/reports/monthly").then().statusCode(200)
                .extract().<String>path("period")).isEqualTo("2026-11");
        MutableClock.get().setTo(Instant.parse("2026-11-30T16:00:01Z")); // 00:00:01 on 1 December in Shanghai
        assertThat(given().auth().oauth2(ADMIN).get("/api/audit/reports/monthly").then().statusCode(200)
                .extract().<String>path("period")).isEqualTo("2026-12");
        assertThat(given().auth().oauth2(ADMIN).get("/api/audit/reports/quarterly").then().statusCode(200)
                .extract().<String>path("period")).isEqualTo("2026-Q4");
        MutableClock.get().setTo(Instant.parse("2026-12-31T16:00:01Z")); // 00:00:01 on 1 January 2027 in Shanghai
        assertThat(given().auth().oauth2(ADMIN).get("/api/audit/reports/quarterly").then().statusCode(200)
                .extract().<String>path("period")).isEqualTo("2027-Q1");
    }

    @Test
    void theMonthlyReportHasEverythingInOneCall() {
        JsonPath report = given().auth().oauth2(ADMIN).queryParam("month", "2025-03").get("/api/audit/reports/monthly")
                .then().statusCode(200).extract().jsonPath().using(DOUBLES);
        assertThat(report.getString("title")).contains("2025年3月");
        assertThat(report.getInt("totals.submitted")).isGreaterThanOrEqualTo(6);
        assertThat(report.getList("byCategory.key")).contains(category);
        assertThat(report.getInt("byCategory.find { it.key == '" + category + "' }.resolved")).isEqualTo(4);
        assertThat(report.getList("byPeriod.key")).contains("2025-03-10");
        assertThat(report.getList("rankings.measure")).contains("SATISFACTION", "RESOLUTION", "RESPONSE");
        assertThat(report.getString("definitions.resolutionRate")).contains("办结率");
        given().auth().oauth2(ADMIN).queryParam("quarter", "2025-Q1").get("/api/audit/reports/quarterly").then().statusCode(200);
        given().auth().oauth2(ADMIN).queryParam("month", "March").get("/api/audit/reports/monthly").then().statusCode(400);
    }

    @Test
    void theCaseFileProvesOneRequestFromItsEvents() {
        JsonPath file = given().auth().oauth2(ADMIN).get("/api/audit/requests/" + ids.get("R2")).then().statusCode(200)
                .extract().jsonPath().using(DOUBLES);
        assertThat(file.getBoolean("timeline.verified")).isTrue();
        assertThat(file.getDouble("figures.dispatchSeconds")).isEqualTo(2400.0);
        assertThat(file.getString("figures.dispatchVerdict")).isEqualTo("BREACHED");
        assertThat(file.getString("figures.acceptVerdict")).isEqualTo("MET");
        assertThat(file.getString("figures.completeVerdict")).isEqualTo("BREACHED");
        assertThat(file.getString("figures.attempts")).contains("DECLINED").contains("ACCEPTED");
        assertThat(file.getList("actors.role")).contains("resident", "dispatcher", "system");
        assertThat(file.getList("timeline.entries.type")).contains("request.submitted", "case.declined", "rating.flagged",
                "rating.followed-up", "request.closed");
    }

    @Test
    void csvDownloadsOpenInExcelWithTheRightColumns() {
        byte[] csv = given().auth().oauth2(ADMIN).queryParam("from", MONTH_START.toString()).queryParam("to", MONTH_END.toString())
                .queryParam("category", category).accept("text/csv").get("/api/audit/requests").then().statusCode(200)
                .contentType("text/csv; charset=UTF-8").header("Content-Disposition", org.hamcrest.Matchers.containsString("sidan-requests.csv"))
                .extract().asByteArray();
        assertThat(csv[0] & 0xff).isEqualTo(0xEF);
        assertThat(csv[1] & 0xff).isEqualTo(0xBB);
        assertThat(csv[2] & 0xff).isEqualTo(0xBF);
        String[] lines = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8).split("\r\n");
        assertThat(lines).hasSize(7);
        assertThat(lines[0]).startsWith("诉求 request,标题 title,类别 category").contains("办结用时 resolution (s)");
        assertThat(lines[1].split(",").length).isEqualTo(lines[0].split(",").length);
        assertThat(String.join("\n", lines)).contains("老人上门理发").contains("2400.0");

        byte[] summary = given().auth().oauth2(ADMIN).queryParam("from", MONTH_START.toString()).queryParam("to", MONTH_END.toString())
                .queryParam("category", category).queryParam("groupBy", "team").accept("text/csv").get("/api/audit/summary")
                .then().statusCode(200).extract().asByteArray();
        String[] rows = new String(summary, 3, summary.length - 3, StandardCharsets.UTF_8).split("\r\n");
        assertThat(rows).hasSize(4);
        assertThat(rows[0]).startsWith("分组 group,提交 submitted");

        byte[] ranking = given().auth().oauth2(ADMIN).queryParam("from", MONTH_START.toString()).queryParam("to", MONTH_END.toString())
                .queryParam("dimension", "team").accept("text/csv").get("/api/audit/rankings")
                .then().statusCode(200).contentType("text/csv; charset=UTF-8").extract().asByteArray();
        assertThat(new String(ranking, 3, ranking.length - 3, StandardCharsets.UTF_8)).startsWith("名次 rank,team,SATISFACTION");
        // the same paths answer JSON by default
        given().auth().oauth2(ADMIN).queryParam("from", MONTH_START.toString()).queryParam("to", MONTH_END.toString())
                .get("/api/audit/rankings").then().statusCode(200).contentType("application/json").body("dimension", org.hamcrest.Matchers.equalTo("team"));
    }

    @Test
    void aRebuiltProjectionGivesTheSameReport() {
        String before = given().auth().oauth2(ADMIN).queryParam("from", MONTH_START.toString()).queryParam("to", MONTH_END.toString())
                .queryParam("groupBy", "team").get("/api/audit/summary").then().statusCode(200).extract().asString();
        List<String> rowsBefore = rowsOfThisTest();
        // the request view reads the streams of the requests (not the catalogue's) and what they received
        java.util.Set<String> requests = new java.util.HashSet<>();
        List<String> streamOfEach = new ArrayList<>();
        tx.inTransaction(c -> store.forEach(c, e -> {
            streamOfEach.add(e.envelope().streamId());
            if (e.envelope().type().equals("request.submitted")) {
                requests.add(e.envelope().streamId());
            }
        }));
        List<String> requestEvents = streamOfEach.stream().filter(requests::contains).toList();
        long events = requestEvents.size() + io.sidan.testing.Sql.count(dataSource, "select count(*) from received_events where request_id in ("
                + "select stream_id from event_store where type = 'request.submitted')");
        // the admin endpoint every service has (service-kit), on the request service's own projection
        given().auth().oauth2(ADMIN).post("/api/admin/projections/request-view/rebuild").then().statusCode(200)
                .body("projection", equalTo("request-view")).body("events", equalTo((int) events))
                .body("eventsPerSecond", greaterThan(0f));
        String after = given().auth().oauth2(ADMIN).queryParam("from", MONTH_START.toString()).queryParam("to", MONTH_END.toString())
                .queryParam("groupBy", "team").get("/api/audit/summary").then().statusCode(200).extract().asString();
        assertThat(after).isEqualTo(before);
        assertThat(rowsOfThisTest()).as("every column of the views and audit rows, except when they were written")
                .isEqualTo(rowsBefore).hasSize(2 * ids.size());
        assertThat(status("R6")).isEqualTo("COMPLETED");
    }

    /** The request views and audit rows of this test's requests, as text, without their write times. */
    private List<String> rowsOfThisTest() {
        return tx.inTransaction(c -> {
            List<String> rows = new ArrayList<>(TableRows.asText(c, "request_view", "id = any(?)", ids.values(), "updated_at"));
            rows.addAll(TableRows.asText(c, "audit_request", "request_id = any(?)", ids.values(), "updated_at"));
            return rows;
        });
    }

    @Test
    void onlyAdminsAudit() {
        for (String token : List.of(TestTokens.dispatcher("d"), TestTokens.resident(RESIDENT), TestTokens.reviewer("r"))) {
            given().auth().oauth2(token).get("/api/audit/summary").then().statusCode(403).contentType("application/problem+json");
        }
        given().get("/api/audit/summary").then().statusCode(401);
        given().auth().oauth2(ADMIN).queryParam("groupBy", "colour").get("/api/audit/summary").then().statusCode(400);
        given().auth().oauth2(ADMIN).queryParam("from", "2026-01-02T00:00:00Z").queryParam("to", "2026-01-01T00:00:00Z")
                .get("/api/audit/summary").then().statusCode(400);
        given().auth().oauth2(ADMIN).get("/api/audit/requests/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void onlyAdminsRebuildAndOnlyProjectionsThatExist() {
        given().auth().oauth2(ADMIN).get("/api/admin/projections").then().statusCode(200)
                .body("", equalTo(List.of("catalogue", "erasures", "request-view")));
        for (String token : List.of(TestTokens.dispatcher("d"), TestTokens.resident(RESIDENT), TestTokens.reviewer("r"))) {
            given().auth().oauth2(token).post("/api/admin/projections/request-view/rebuild").then().statusCode(403)
                    .contentType("application/problem+json");
        }
        given().post("/api/admin/projections/request-view/rebuild").then().statusCode(401);
        given().auth().oauth2(ADMIN).post("/api/admin/projections/no-such-view/rebuild").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("no-such-view"));
    }

    @Test
    void theRollUpsGiveTheFiguresOfTheRequestsThemselves() {
        rollUps.rollUp();
        assertThat(tx.<List<String>>inTransaction(c -> TableRows.asText(c, "audit_dirty", "category = ?", category)))
                .as("no cell of this test's requests is left to redo").isEmpty();
        assertThat(tx.<List<String>>inTransaction(c -> TableRows.asText(c, "audit_month", "level = 0 and category = ?", category)))
                .as("March 2025's cells: t-a, t-b, and the cancelled request no team took").hasSize(3);
        assertThat(tx.<List<String>>inTransaction(c -> TableRows.asText(c, "audit_month", "level = 2 and category = ?", category)))
                .as("March 2025's figures of the category").hasSize(1);
        Instant now = MutableClock.get().instant();
        assertThat(tx.<List<AuditQueries.Part>>inTransaction(c -> queries.parts(c, new AuditQueries.Filter(MONTH_START, MONTH_END,
                category, null, null), AuditQueries.Level.CATEGORY, false, now, AuditQueries.Source.ROLL_UPS)))
                .as("a whole month is read from its roll-up").hasSize(1).allMatch(AuditQueries.Part::month);
        List<AuditQueries.Filter> ranges = List.of(
                new AuditQueries.Filter(MONTH_START, MONTH_END, category, null, null), // a whole month
                new AuditQueries.Filter(MONTH_START.minusSeconds(86_400 * 40), MONTH_END.plusSeconds(86_400 * 20), category, null,
                        null), // whole months and whole days around them
                new AuditQueries.Filter(Instant.parse("2025-03-09T12:00:00Z"), Instant.parse("2025-03-11T03:00:00Z"), category,
                        null, null), // the whole 10th (Shanghai) between two cut days
                new AuditQueries.Filter(Instant.parse("2025-03-10T02:02:30Z"), Instant.parse("2025-03-13T00:00:00Z"), category,
                        null, null), // the 10th cut between the submissions
                new AuditQueries.Filter(MONTH_START, MONTH_END, category, "G-HPL-01", "t-a"),
                new AuditQueries.Filter(MONTH_START, MONTH_END, null, null, null)); // every category: the total, grid and team levels
        for (AuditQueries.Filter range : ranges) {
            for (AuditQueries.GroupBy by : AuditQueries.GroupBy.values()) {
                for (AuditQueries.Period period : AuditQueries.Period.values()) {
                    String what = range + " by " + by + " " + period;
                    boolean byDay = AuditQueries.byDay(by, period);
                    AuditQueries.Level level = AuditQueries.Level.covering(range, by);
                    List<AuditFigures> raw = tx.inTransaction(c -> AuditQueries.group(
                            queries.parts(c, range, level, byDay, now, AuditQueries.Source.REQUESTS), by, period));
                    // the level a report would read, and the cells' own rows (any level that covers the grouping)
                    for (AuditQueries.Level read : List.of(level, AuditQueries.Level.FULL)) {
                        List<AuditFigures> rolledUp = tx.inTransaction(c -> AuditQueries.group(
                                queries.parts(c, range, read, byDay, now, AuditQueries.Source.ROLL_UPS), by, period));
                        assertThat(rolledUp).as(what + " at " + read).isEqualTo(raw).isNotEmpty();
                    }
                }
            }
        }
    }

    @Test
    void aReportsStatementsArePlannedForTheirValuesInItsTransactionOnly() {
        // after five runs PostgreSQL may keep one generic plan for a statement; a report's ranges differ too much for one
        assertThat(tx.<String>inTransaction(c -> {
            AuditQueries.oneSnapshot(c);
            return planCacheMode(c);
        })).isEqualTo("force_custom_plan");
        assertThat(tx.<String>inTransaction(AuditTest::planCacheMode)).as("the pooled connection goes back as it was").isEqualTo("auto");
    }

    private static String planCacheMode(java.sql.Connection c) throws java.sql.SQLException {
        try (java.sql.Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery("select current_setting('plan_cache_mode')")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aRequestWrittenAfterTheRollUpCountsAtOnce() {
        String other = "AUDIT_" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        Map<String, Object> body = requestIn(newCategory(other));
        MutableClock.get().setTo(Instant.parse("2025-03-12T02:00:00Z"));
        Fixtures.submit(TestTokens.resident(RESIDENT), body).then().statusCode(201);
        rollUps.rollUp();
        assertThat(submittedIn(other)).isEqualTo(1);
        // the second is in the roll-ups' cell until the next roll-up: read from the requests, counted at once
        Fixtures.submit(TestTokens.resident(RESIDENT), body).then().statusCode(201);
        assertThat(tx.<List<String>>inTransaction(c -> TableRows.asText(c, "audit_dirty", "category = ?", other))).hasSize(1);
        assertThat(submittedIn(other)).isEqualTo(2);
        rollUps.rollUp();
        assertThat(tx.<List<String>>inTransaction(c -> TableRows.asText(c, "audit_dirty", "category = ?", other))).isEmpty();
        assertThat(submittedIn(other)).isEqualTo(2);
        // neither is dispatched: their dispatch clocks run, and count as breached once past the 30 minutes
        assertThat(dispatchBreachedIn(other)).isZero();
        MutableClock.get().advance(Duration.ofMinutes(31));
        assertThat(dispatchBreachedIn(other)).isEqualTo(2);
    }

    @Test
    void aWriterNeverWaitsForTheMarkOfAnotherWriterOfItsCell() throws Exception {
        String other = "AUDIT_" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        Map<String, Object> body = requestIn(newCategory(other));
        MutableClock.get().setTo(Instant.parse("2025-03-13T02:00:00Z"));
        String first = Fixtures.submit(TestTokens.resident(RESIDENT), body).then().statusCode(201).extract().path("id");
        String second = Fixtures.submit(TestTokens.resident(RESIDENT), body).then().statusCode(201).extract().path("id");
        rollUps.rollUp(); // the cell unmarked
        try (java.sql.Connection one = dataSource.getConnection(); java.sql.Connection two = dataSource.getConnection()) {
            one.setAutoCommit(false);
            two.setAutoCommit(false);
            String touch = "update audit_request set updated_at = now() where request_id = ?";
            try (var s = one.prepareStatement(touch)) {
                s.setString(1, first);
                s.executeUpdate(); // marks the cell, and stays open
            }
            try (var timeout = two.createStatement(); var s = two.prepareStatement(touch)) {
                timeout.execute("set local lock_timeout = '1s'");
                s.setString(1, second);
                s.executeUpdate(); // the same cell: a mark that waited for the first transaction would time out here
            }
            two.commit();
            one.commit();
        }
        assertThat(tx.<List<String>>inTransaction(c -> TableRows.asText(c, "audit_dirty", "category = ?", other))).isNotEmpty();
        assertThat(submittedIn(other)).isEqualTo(2);
        rollUps.rollUp();
        assertThat(tx.<List<String>>inTransaction(c -> TableRows.asText(c, "audit_dirty", "category = ?", other))).isEmpty();
        assertThat(submittedIn(other)).isEqualTo(2);
    }

    private int dispatchBreachedIn(String category) {
        return given().auth().oauth2(ADMIN).queryParam("from", MONTH_START.toString()).queryParam("to", MONTH_END.toString())
                .queryParam("category", category).get("/api/audit/summary").then().statusCode(200).extract()
                .path("[0].sla.dispatch.breached");
    }

    @Test
    void aChangedZoneRecountsTheDaysAndRedoesTheRollUps() {
        String other = "AUDIT_" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        Map<String, Object> body = requestIn(newCategory(other));
        MutableClock.get().setTo(Instant.parse("2025-03-12T20:00:00Z")); // 13 March in Shanghai, still the 12th in UTC
        Fixtures.submit(TestTokens.resident(RESIDENT), body).then().statusCode(201);
        rollUps.rollUp();
        assertThat(daysRolledUp(other)).containsExactly("2025-03-13");
        AuditRollUps inUtc = new AuditRollUps(tx, dataSource, () -> java.time.ZoneOffset.UTC);
        try {
            inUtc.useConfiguredZone();
            inUtc.rollUp();
            assertThat(daysRolledUp(other)).containsExactly("2025-03-12");
            assertThat(tx.<List<String>>inTransaction(c -> TableRows.asText(c, "audit_rollup_zone", "true = ?", true)))
                    .containsExactly("audit_rollup_zone|zone=Z");
        } finally {
            rollUps.useConfiguredZone();
            rollUps.rollUp();
        }
        assertThat(daysRolledUp(other)).containsExactly("2025-03-13");
        assertThat(submittedIn(other)).isEqualTo(1);
    }

    private List<String> daysRolledUp(String category) {
        return tx.inTransaction(c -> {
            List<String> days = new ArrayList<>();
            try (var s = c.prepareStatement("select day from audit_day where level = 0 and category = ? order by day")) {
                s.setString(1, category);
                try (var rs = s.executeQuery()) {
                    while (rs.next()) {
                        days.add(rs.getString(1));
                    }
                }
            }
            return days;
        });
    }

    /** A category of its own for a test (SLA: dispatch 30 min, accept 60, complete 600). */
    private static String newCategory(String code) {
        Map<String, Object> sla = Map.of("dispatchMinutes", 30, "acceptMinutes", 60, "completeMinutes", 600);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("code", code, "nameZh", "审计测试 " + code,
                "nameEn", "Audit test " + code, "defaultUrgency", "NORMAL",
                "sla", Map.of("LOW", sla, "NORMAL", sla, "HIGH", sla, "EMERGENCY", sla))).post("/api/catalogue").then().statusCode(201);
        return code;
    }

    private static Map<String, Object> requestIn(String category) {
        Map<String, Object> body = new HashMap<>(Fixtures.body());
        body.put("category", category);
        body.remove("item");
        return body;
    }

    private int submittedIn(String category) {
        return given().auth().oauth2(ADMIN).queryParam("from", MONTH_START.toString()).queryParam("to", MONTH_END.toString())
                .queryParam("category", category).get("/api/audit/summary").then().statusCode(200).extract().path("[0].submitted");
    }

    // ---- helpers ----

    /** An event at an offset in seconds from the submission (or in milliseconds, with {@link #millis}). */
    record Timed(CaseEvent event, long offsetMillis) {

        Timed(CaseEvent event, int offsetSeconds) {
            this(event, offsetSeconds * 1000L);
        }

        static Timed millis(CaseEvent event, long offsetMillis) {
            return new Timed(event, offsetMillis);
        }
    }

    private Instant submit(String name, Instant preferredFrom) {
        Map<String, Object> body = new HashMap<>(Fixtures.body());
        body.put("category", category);
        body.remove("item");
        if (preferredFrom != null) {
            body.put("preferredWindow", Map.of("from", preferredFrom.toString(), "to", preferredFrom.plusSeconds(7200).toString()));
        }
        JsonPath created = Fixtures.submit(TestTokens.resident(RESIDENT), body).then().statusCode(201).extract().jsonPath().using(DOUBLES);
        ids.put(name, created.getString("id"));
        return Instant.parse(created.getString("timestamps.submittedAt"));
    }

    private CaseEvent.ServiceCompleted completed(String name, String team) {
        return new CaseEvent.ServiceCompleted(ids.get(name), team, "已完成", List.of(new VolunteerHours("v-1", "张伟", 1)),
                List.of(), RESIDENT, category, "G-HPL-01", 1);
    }

    private StreamForge dispatch(BrokerClient broker, String name, Instant submitted,
                                 java.util.function.Function<Instant, List<Timed>> events) {
        String id = ids.get(name);
        StreamForge forge = new StreamForge("dispatch-service", id);
        List<EventEnvelope> envelopes = new ArrayList<>();
        envelopes.add(forge.next(new CaseEvent.Opened(id, RESIDENT, category, "G-HPL-01", Urgency.NORMAL, "t", submitted,
                new SlaTargets(30, 60, 600)), SYSTEM, submitted.plusMillis(100), null));
        for (Timed t : events.apply(submitted)) {
            envelopes.add(forge.next(t.event(), DISPATCHER, submitted.plusMillis(t.offsetMillis()), null));
        }
        broker.publish(Topics.DISPATCH_EVENTS, envelopes.toArray(EventEnvelope[]::new));
        return forge;
    }

    /** Ratings by resident, platform and reviewer (0 = never rated), then the sheet finalized at {@code finalizedAt}. */
    private void rate(BrokerClient broker, String name, Instant submitted, long completedAt, int[] overall,
                      List<Party> noResponse, long finalizedAt) {
        String id = ids.get(name);
        StreamForge sheet = new StreamForge("rating-service", id);
        List<EventEnvelope> events = new ArrayList<>();
        events.add(sheet.next(new RatingEvent.Opened(id, 1, "t", RESIDENT, category, "G-HPL-01",
                List.of(Party.RESIDENT, Party.DISPATCHER, Party.REVIEWER), submitted.plusSeconds(completedAt + 86_400 * 2),
                List.of()), RATER, submitted.plusSeconds(completedAt + 1), null));
        Party[] parties = {Party.RESIDENT, Party.DISPATCHER, Party.REVIEWER};
        List<RatingEvent.PartyResult> results = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            if (overall[i] == 0) {
                continue;
            }
            Instant at = submitted.plusSeconds(completedAt + 60 + i);
            events.add(sheet.next(new RatingEvent.Submitted(id, 1, parties[i], "rater-" + i, new Scores(overall[i], 4, 4, 4), null),
                    new Actor(parties[i].name().toLowerCase(), "rater-" + i, "rater-" + i), at, null));
            if (overall[i] <= 2) {
                events.add(sheet.next(new RatingEvent.Flagged(id, 1, parties[i], "rater-" + i, overall[i], null), RATER, at, null));
                events.add(sheet.next(new RatingEvent.FollowedUp(id, 1, "已回访", false), new Actor("admin", "a-1", "admin1"),
                        at.plusSeconds(600), null));
            }
            results.add(new RatingEvent.PartyResult(parties[i], overall[i], 0.3));
        }
        events.add(sheet.next(new RatingEvent.Finalized(id, 1, "t", 4.0, results, noResponse,
                noResponse.isEmpty() ? RatingEvent.FinalizationReason.ALL_RATED : RatingEvent.FinalizationReason.WINDOW_ENDED),
                RATER, submitted.plusSeconds(finalizedAt), null));
        broker.publish(Topics.RATING_EVENTS, events.toArray(EventEnvelope[]::new));
    }

    private String status(String name) {
        return given().auth().oauth2(ADMIN).get("/api/requests/" + ids.get(name)).then().extract().path("status");
    }

    private JsonPath summary() {
        return get("/api/audit/summary");
    }

    private JsonPath get(String path, String... params) {
        var request = given().auth().oauth2(ADMIN).queryParam("from", MONTH_START.toString())
                .queryParam("to", MONTH_END.toString()).queryParam("category", category);
        for (int i = 0; i < params.length; i += 2) {
            request = request.queryParam(params[i], params[i + 1]);
        }
        return request.get(path).then().statusCode(200).extract().jsonPath().using(DOUBLES);
    }

    private static void rate(JsonPath f, String name, int numerator, int denominator, double value) {
        assertThat(f.getInt("[0]." + name + ".numerator")).as(name).isEqualTo(numerator);
        assertThat(f.getInt("[0]." + name + ".denominator")).as(name).isEqualTo(denominator);
        assertThat(f.getDouble("[0]." + name + ".value")).as(name).isEqualTo(value);
    }

    private static void stats(JsonPath f, String name, int count, double mean, double p50, double p90, double p99, double max) {
        String base = "[0].latencies." + name + ".";
        assertThat(f.getInt(base + "count")).as(name + " count").isEqualTo(count);
        assertThat(f.getDouble(base + "mean")).as(name + " mean").isEqualTo(mean);
        // percentiles come from a sketch: within its 1 % relative accuracy of the exact value (docs/audit.md)
        assertThat(f.getDouble(base + "p50")).as(name + " p50").isCloseTo(p50, withinPercentage(1));
        assertThat(f.getDouble(base + "p90")).as(name + " p90").isCloseTo(p90, withinPercentage(1));
        assertThat(f.getDouble(base + "p99")).as(name + " p99").isCloseTo(p99, withinPercentage(1));
        assertThat(f.getDouble(base + "max")).as(name + " max").isEqualTo(max);
    }

    private static void sla(JsonPath f, String clock, int met, int breached, double onTime) {
        assertThat(f.getInt("[0].sla." + clock + ".met")).as(clock + " met").isEqualTo(met);
        assertThat(f.getInt("[0].sla." + clock + ".breached")).as(clock + " breached").isEqualTo(breached);
        assertThat(f.getDouble("[0].sla." + clock + ".onTime.value")).as(clock + " on time").isEqualTo(onTime);
    }
}
