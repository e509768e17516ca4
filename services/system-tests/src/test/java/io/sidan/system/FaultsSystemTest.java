package io.sidan.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.restassured.path.json.JsonPath;
import io.sidan.local.LocalSystem;
import io.sidan.testing.Sql;
import org.junit.jupiter.api.Test;

/** Nothing lost, nothing applied twice, when a service is killed, the broker goes away, or a service restarts. */
class FaultsSystemTest {

    private final LocalSystem system = TheSystem.get();
    private final Api api = new Api(system);

    @Test
    void killingTheDispatchServiceWhileRequestsArriveLosesNoCaseAndOpensNoneTwice() throws Exception {
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        ExecutorService submitter = Executors.newSingleThreadExecutor();
        Future<?> arrivals = submitter.submit(() -> {
            for (int i = 0; i < 40; i++) {
                ids.add(api.submitted("resident1", "CONVENIENCE", "LOW"));
                Sql.sleep(150);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> ids.size() >= 10);
        system.service(LocalSystem.DISPATCH).kill(); // kill -9
        Sql.sleep(2000);
        system.service(LocalSystem.DISPATCH).start();
        system.service(LocalSystem.DISPATCH).awaitReady(Duration.ofSeconds(120));
        arrivals.get();
        submitter.shutdown();

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> openedCases(ids).size() == ids.size());
        Map<String, Integer> opened = openedCases(ids);
        assertThat(opened).hasSize(40);
        assertThat(opened.values()).containsOnly(1);
    }

    @Test
    void residentsKeepSubmittingWhileTheBrokerIsAwayAndEveryRequestArrivesOnce() throws Exception {
        system.kafka().stop();
        List<String> ids = new ArrayList<>();
        try {
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < until) {
                ids.add(api.submitted("resident2", "ENVIRONMENT", "LOW")); // 201 every time: the outbox holds the events
                Sql.sleep(1000);
            }
            JsonPath health = io.restassured.RestAssured.given().baseUri(system.baseUrl(LocalSystem.REQUEST))
                    .get("/q/health/ready").then().statusCode(200).extract().jsonPath();
            assertThat(health.getString("checks.find { it.name == 'eventing' }.data.broker")).startsWith("unreachable");
            assertThat(health.getInt("checks.find { it.name == 'eventing' }.data.'outbox.backlog'")).isPositive();
        } finally {
            system.kafka().start();
        }
        assertThat(ids).hasSizeGreaterThanOrEqualTo(25);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> openedCases(ids).size() == ids.size());
        assertThat(openedCases(ids).values()).containsOnly(1);
        for (String id : ids.subList(0, 3)) {
            assertThat(api.request("resident2", id).getString("status")).isEqualTo("SUBMITTED");
        }
    }

    @Test
    void aRatingServiceRestartDuringABurstOfCompletionsOpensEachSheetOnceAndAwardsPointsOnce() throws Exception {
        raiseCapacity("red-vest", 40);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String id = api.submitted("resident1", "ELDERLY_CARE", "NORMAL");
            api.awaitCase(id);
            api.assign(id, "red-vest").then().statusCode(200);
            api.task("team-red", id, "accept", null).then().statusCode(200);
            api.task("team-red", id, "start", null).then().statusCode(200);
            ids.add(id);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> completions = new ArrayList<>();
        for (String id : ids) {
            completions.add(pool.submit(() -> api.task("team-red", id, "complete", Map.of("summary", "完成",
                    "volunteerHours", List.of(Map.of("volunteerId", "v-zhang-wei", "hours", 1),
                            Map.of("volunteerId", "v-zhao-li", "hours", 2)))).statusCode()));
            if (completions.size() == 5) {
                system.service(LocalSystem.RATING).stop(); // a restart in the middle of the burst
            }
        }
        for (Future<Integer> f : completions) {
            assertThat(f.get()).isEqualTo(200);
        }
        pool.shutdown();
        system.service(LocalSystem.RATING).start();
        system.service(LocalSystem.RATING).awaitReady(Duration.ofSeconds(120));
        for (String id : ids) {
            api.awaitSheet(id);
        }
        for (String id : ids) {
            api.rate("resident1", id, 5).then().statusCode(201);
            api.rate("dispatcher1", id, 5).then().statusCode(201);
            api.rate("reviewer1", id, 5).then().statusCode(201);
        }
        for (String id : ids) {
            assertThat(count("rating", "select count(*) from event_store where stream_id = ? and type = 'rating.opened'", id)).isEqualTo(1);
            assertThat(count("rating", "select count(*) from event_store where stream_id = ? and type = 'points.awarded'", id)).isEqualTo(2);
            assertThat(count("rating", "select count(*) from points_ledger where request_id = ?", id)).isEqualTo(2);
        }
    }

    private void raiseCapacity(String team, int capacity) {
        JsonPath t = api.as("admin1", LocalSystem.DISPATCH).get("/api/teams/" + team).then().statusCode(200).extract().jsonPath();
        Map<String, Object> body = new HashMap<>();
        body.put("teamId", team);
        body.put("name", t.getString("name"));
        body.put("categories", t.getList("categories"));
        body.put("grids", t.getList("grids"));
        body.put("capacity", capacity);
        body.put("members", t.getList("members"));
        body.put("active", true);
        api.as("admin1", LocalSystem.DISPATCH).body(body).put("/api/teams/" + team).then().statusCode(200);
    }

    /** case.opened events per request, straight from the dispatch service's event store. */
    private Map<String, Integer> openedCases(List<String> ids) {
        Map<String, Integer> opened = new HashMap<>();
        try (Connection c = system.postgres().dataSource("dispatch").getConnection();
             PreparedStatement s = c.prepareStatement("select stream_id, count(*) from event_store "
                     + "where type = 'case.opened' and stream_id = any(?) group by stream_id")) {
            s.setArray(1, c.createArrayOf("varchar", ids.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    opened.put(rs.getString(1), rs.getInt(2));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return opened;
    }

    private long count(String db, String sql, String arg) {
        return Sql.count(system.postgres().dataSource(db), sql, arg);
    }
}
