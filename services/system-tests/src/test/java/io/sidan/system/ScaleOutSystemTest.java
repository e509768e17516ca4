package io.sidan.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.sidan.local.LocalSystem;
import io.sidan.local.ServiceProcess;
import io.sidan.testing.KafkaBroker;
import io.sidan.testing.QuietLogs;
import io.sidan.testing.Sql;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances of every service over a three-node Kafka cluster (replication factor 3, min ISR 2), as
 * {@code ./sidan up --replicas 2} runs them. Whole lifecycles run steadily through both instances while
 * one instance of each service — the one whose outbox relay is active — and one Kafka node are killed
 * with SIGKILL, and later restarted. Afterwards every request reached its end state exactly once, every
 * chain verifies, the consumers caught up, and relay leadership moved to the surviving instances within
 * a bound this test measures and prints.
 */
class ScaleOutSystemTest {

    private static final int INSTANCES = 2;
    private static final int WORKERS = 3;
    /** Relay leadership must move within this: the standby tries the lock every 2 s. */
    private static final Duration FAILOVER_BOUND = Duration.ofSeconds(20);
    private static final List<String> TEAM_USERS = List.of("team-red", "team-blue", "team-red");
    private static final List<String> TEAMS = List.of("red-vest", "blue-sky", "red-vest");
    private static final List<String> VOLUNTEERS = List.of("v-zhang-wei", "v-chen-gang", "v-li-na");

    private static LocalSystem system;
    private static final AtomicInteger RETRIES = new AtomicInteger();
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void lifecyclesSurviveKilledInstancesAndAKilledBrokerExactlyOnce() throws Exception {
        QuietLogs.apply();
        Path root = Path.of(System.getProperty("sidan.root", "../..")).toAbsolutePath().normalize();
        system = new LocalSystem(new LocalSystem.Settings(root, Files.createTempDirectory("sidan-scale-out"),
                LocalSystem.Ports.random(), LocalSystem.serviceConfig(LocalSystem.NO_RATE_LIMITS, Map.of()), false, INSTANCES));
        system.start();
        assertThat(system.kafkaNodes()).hasSize(3);
        for (String service : LocalSystem.SERVICES) {
            assertThat(system.instances(service)).hasSize(INSTANCES);
        }

        List<String> done = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        Map<String, Integer> workerOf = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            int worker = w;
            workers.add(pool.submit(() -> {
                while (running.get() && errors.isEmpty()) {
                    try {
                        String id = lifecycle(worker);
                        workerOf.put(id, worker);
                        done.add(id);
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }
                return null;
            }));
        }

        // steady load through both instances of everything
        await().atMost(Duration.ofMinutes(3)).until(() -> progressed(done, errors, 6));

        // kill -9 the instance of each service whose relay is active, and one Kafka node
        Map<String, Integer> leaders = new HashMap<>();
        for (String service : LocalSystem.SERVICES) {
            leaders.put(service, relayLeader(service));
        }
        long killedAt = System.nanoTime();
        for (String service : LocalSystem.SERVICES) {
            system.instances(service).get(leaders.get(service)).kill();
        }
        ServiceProcess broker = system.kafkaNodes().get(1);
        broker.kill();
        Map<String, Duration> failover = new HashMap<>();
        for (String service : LocalSystem.SERVICES) {
            int survivor = 1 - leaders.get(service);
            await().atMost(FAILOVER_BOUND).pollInterval(Duration.ofMillis(100)).until(() -> isRelayLeader(service, survivor));
            failover.put(service, Duration.ofNanos(System.nanoTime() - killedAt));
        }
        System.out.println("scale-out: relay leadership moved to the surviving instance after " + failover);

        // the load goes on with one instance of each service and two Kafka nodes
        int beforeRestart = done.size();
        await().atMost(Duration.ofMinutes(3)).until(() -> progressed(done, errors, beforeRestart + 6));

        // bring them back; the load goes on through both again
        broker.start();
        for (String service : LocalSystem.SERVICES) {
            system.instances(service).get(leaders.get(service)).start();
        }
        broker.awaitReady(Duration.ofSeconds(120));
        for (String service : LocalSystem.SERVICES) {
            system.instances(service).get(leaders.get(service)).awaitReady(Duration.ofSeconds(180));
        }
        int afterRestart = done.size();
        await().atMost(Duration.ofMinutes(3)).until(() -> progressed(done, errors, afterRestart + 6));
        running.set(false);
        for (Future<?> w : workers) {
            w.get();
        }
        pool.shutdown();
        assertThat(errors).as("lifecycles that failed").isEmpty();
        System.out.println("scale-out: " + done.size() + " whole lifecycles, " + RETRIES.get() + " calls retried on the other instance");

        // every request reached CLOSED exactly once, through every service, with every chain intact
        for (String id : done) {
            JsonPath t = call("resident1", LocalSystem.REQUEST, r -> r.get("/api/requests/" + id + "/timeline")).jsonPath();
            assertThat(t.getBoolean("verified")).as(id + " chains").isTrue();
            List<String> types = t.getList("entries.type");
            for (String once : List.of("request.submitted", "case.opened", "case.assigned", "case.accepted", "service.started",
                    "service.completed", "rating.opened", "rating.finalized", "request.closed")) {
                assertThat(types.stream().filter(once::equals).count()).as(id + " " + once + " in " + types).isEqualTo(1);
            }
            assertThat(types.stream().filter("rating.submitted"::equals).count()).as(id + " ratings").isEqualTo(3);
            assertThat(types.stream().filter("points.awarded"::equals).count()).as(id + " points").isEqualTo(1);
        }
        for (int w = 0; w < WORKERS; w++) {
            int worker = w;
            List<String> ledger = call("dispatcher1", LocalSystem.RATING, r -> r.get("/api/volunteers/" + VOLUNTEERS.get(worker)
                    + "/points")).jsonPath().getList("ledger.requestId");
            for (String id : done.stream().filter(id -> workerOf.get(id) == worker).toList()) {
                assertThat(Collections.frequency(ledger, id)).as(VOLUNTEERS.get(worker) + " points for " + id).isEqualTo(1);
            }
        }

        // every consumer group caught up with every partition
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> totalLag() == 0);
        // and exactly one relay per service is active again
        for (String service : LocalSystem.SERVICES) {
            int active = 0;
            for (int i = 0; i < INSTANCES; i++) {
                active += isRelayLeader(service, i) ? 1 : 0;
            }
            assertThat(active).as(service + " active relays").isEqualTo(1);
        }
        failover.values().forEach(d -> assertThat(d).isLessThan(FAILOVER_BOUND));
    }

    /** Whether that many lifecycles are done; fails at once when a worker's lifecycle failed. */
    private static boolean progressed(List<String> done, List<Throwable> errors, int count) {
        if (!errors.isEmpty()) {
            throw new AssertionError("a lifecycle failed", errors.getFirst());
        }
        return done.size() >= count;
    }

    /** One whole lifecycle, each call to whichever instance answers; returns the request id. */
    private String lifecycle(int worker) {
        String idempotencyKey = UUID.randomUUID().toString();
        String id = call("resident1", LocalSystem.REQUEST, r -> r.header("Idempotency-Key", idempotencyKey)
                .body(Map.of("category", "ELDERLY_CARE", "title", "扩容测试", "description", "两个实例轮流处理",
                        "contactPhone", "13912345678", "location", Map.of("grid", "G-HPL-01", "address", "和平里街道3号楼")))
                .post("/api/requests"), 201).path("id");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> call("dispatcher1", LocalSystem.DISPATCH, r -> r.get("/api/dispatch/cases/" + id)).statusCode() == 200);
        step("dispatcher1", LocalSystem.DISPATCH, id, "ASSIGNED",
                r -> r.body(Map.of("teamId", TEAMS.get(worker))).post("/api/dispatch/cases/" + id + "/assign"));
        String team = TEAM_USERS.get(worker);
        step(team, LocalSystem.DISPATCH, id, "ACCEPTED", r -> r.post("/api/tasks/" + id + "/accept"));
        step(team, LocalSystem.DISPATCH, id, "IN_SERVICE", r -> r.post("/api/tasks/" + id + "/start"));
        step(team, LocalSystem.DISPATCH, id, "COMPLETED", r -> r.body(Map.of("summary", "已完成", "volunteerHours",
                List.of(Map.of("volunteerId", VOLUNTEERS.get(worker), "hours", 1)))).post("/api/tasks/" + id + "/complete"));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> call("admin1", LocalSystem.RATING, r -> r.get("/api/ratings/" + id)).statusCode() == 200);
        for (String rater : List.of("resident1", "dispatcher1", "reviewer1")) {
            Response rated = call(rater, LocalSystem.RATING, r -> r.body(Map.of("overall", 5, "timeliness", 5, "attitude", 5,
                    "quality", 5)).post("/api/ratings/" + id));
            // 409 after a call whose answer was lost with a killed instance: the rating is already there
            assertThat(rated.statusCode()).as(rater + " rates " + id + ": " + rated.asString()).isIn(201, 409);
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).until(() ->
                "CLOSED".equals(call("admin1", LocalSystem.REQUEST, r -> r.get("/api/requests/" + id)).path("status")));
        return id;
    }

    /**
     * A command that moves the case to {@code phase}; when its answer was lost (a killed instance) and
     * the retry finds the case moved already, that is the same outcome.
     */
    private void step(String user, String service, String id, String phase, Function<RequestSpecification, Response> command) {
        Response r = call(user, service, command);
        if (r.statusCode() == 200) {
            return;
        }
        String now = call("dispatcher1", LocalSystem.DISPATCH, s -> s.get("/api/dispatch/cases/" + id)).path("phase");
        assertThat(now).as(user + " to " + phase + " got " + r.statusCode() + ": " + r.asString()).isEqualTo(phase);
    }

    private Response call(String user, String service, Function<RequestSpecification, Response> request, int expected) {
        Response r = call(user, service, request);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(expected);
        return r;
    }

    /** Sends to the instances of a service in turn until one answers without a server error. */
    private Response call(String user, String service, Function<RequestSpecification, Response> request) {
        List<String> urls = system.baseUrls(service);
        RuntimeException last = null;
        for (int attempt = 0; attempt < 40; attempt++) {
            String url = urls.get(Math.floorMod(attempt + (int) (System.nanoTime() % 2), urls.size()));
            try {
                Response r = request.apply(given().baseUri(url).auth().oauth2(token(user)).contentType(ContentType.JSON));
                if (r.statusCode() < 500) {
                    return r;
                }
                last = new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.asString());
            } catch (Exception e) { // rest-assured throws the socket's IOException as it is
                last = new IllegalStateException(url + ": " + e, e); // connection refused or reset: that instance is gone
            }
            RETRIES.incrementAndGet();
            Sql.sleep(250);
        }
        throw new IllegalStateException("no instance of " + service + " answered", last);
    }

    private static String token(String user) {
        return TOKENS.computeIfAbsent(user, u -> given().baseUri(system.keycloakUrl()).contentType(ContentType.URLENC)
                .formParam("grant_type", "password").formParam("client_id", "sidan-cli").formParam("username", u)
                .formParam("password", "sidan").post("/realms/sidan/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token"));
    }

    /** Which instance of the service has the active outbox relay (exactly one must). */
    private static int relayLeader(String service) {
        List<Integer> leaders = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            if (isRelayLeader(service, i)) {
                leaders.add(i);
            }
        }
        assertThat(leaders).as(service + " relay leaders").hasSize(1);
        return leaders.getFirst();
    }

    private static boolean isRelayLeader(String service, int instance) {
        try {
            String metrics = given().baseUri(system.baseUrl(service, instance)).get("/q/metrics").asString();
            return metrics.lines().anyMatch(l -> l.startsWith("sidan_outbox_relay_leader") && l.trim().endsWith(" 1.0"));
        } catch (Exception e) { // an instance that is gone is no leader
            return false;
        }
    }

    private static long totalLag() throws Exception {
        try (Admin admin = KafkaBroker.admin(system.bootstrapServers())) {
            long lag = 0;
            for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get();
                for (var c : committed.entrySet()) {
                    lag += ends.get(c.getKey()).offset() - c.getValue().offset();
                }
            }
            return lag;
        }
    }
}
