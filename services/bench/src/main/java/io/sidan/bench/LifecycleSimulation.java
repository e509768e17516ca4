package io.sidan.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * Whole 四单 lifecycles at a fixed rate: submit (resident) → assign (dispatcher, once the case is
 * open) → accept, start, complete (team red-vest or blue-sky) → resident and dispatcher ratings (once
 * the sheet is open).
 * The waits for the other services are polls (from 50 ms apart, backing off to a second), named
 * "wait …" so they stand apart. A lifecycle stops at its first failed request, so the failures counted
 * are causes, not the refusals that would follow them.
 */
public class LifecycleSimulation extends Simulation {

    private static final String REQUEST = Load.get(Load.REQUEST_URL);
    private static final String DISPATCH = Load.get(Load.DISPATCH_URL);
    private static final String RATING = Load.get(Load.RATING_URL);

    private final HttpProtocolBuilder protocol = http.contentTypeHeader("application/json")
            .acceptHeader("application/json").shareConnections();

    private static String bearer(String user) {
        return "Bearer " + Load.token(user);
    }

    /**
     * Polls url as user until it answers 200, waiting 50 ms after the first miss and half as long again
     * after each further one, up to a second: a client that polled every 50 ms however long the wait
     * would multiply the load exactly when the system is slowest.
     */
    private static ChainBuilder waitFor(String name, String url, String user) {
        return exec(session -> session.set("found", false).set("backoff", 50L))
                .asLongAs(session -> !session.getBoolean("found") && !session.isFailed()).on(
                        exec(http(name).get(url).header("Authorization", bearer(user))
                                .check(status().in(200, 404).saveAs("polled")))
                                .exec(session -> session.set("found",
                                        session.contains("polled") && session.getInt("polled") == 200))
                                .doIf(session -> !session.getBoolean("found")).then(
                                        pause(session -> Duration.ofMillis(session.getLong("backoff")))
                                                .exec(session -> session.set("backoff",
                                                        Math.min(1000L, session.getLong("backoff") * 3 / 2)))));
    }

    /** Each lifecycle goes to one of the two demo teams that have a log-in, in a category it serves. */
    private static final String[][] TEAMS = {{"red-vest", "team-red"}, {"blue-sky", "team-blue"}};

    private final ScenarioBuilder lifecycle = scenario("lifecycle")
            .exec(session -> {
                String[] team = TEAMS[ThreadLocalRandom.current().nextInt(TEAMS.length)];
                return session.set("teamId", team[0]).set("teamUser", team[1])
                        .set("body", Load.requestBody(Load.teamCategories(team[0])))
                        .set("volunteer", Load.get(Load.teamVolunteer(team[0])));
            })
            .exec(http("submit").post(REQUEST + "/api/requests").header("Authorization", bearer("resident1"))
                    .body(StringBody("#{body}")).check(status().is(201), jsonPath("$.id").saveAs("id")))
            .exitHereIfFailed()
            .exec(waitFor("wait case opened", DISPATCH + "/api/dispatch/cases/#{id}", "dispatcher1"))
            .exitHereIfFailed()
            .exec(http("assign").post(DISPATCH + "/api/dispatch/cases/#{id}/assign").header("Authorization", bearer("dispatcher1"))
                    .body(StringBody("{\"teamId\":\"#{teamId}\"}")).check(status().is(200)))
            .exitHereIfFailed()
            .exec(http("accept").post(DISPATCH + "/api/tasks/#{id}/accept").header("Authorization", session -> bearer(session.getString("teamUser")))
                    .check(status().is(200)))
            .exitHereIfFailed()
            .exec(http("start").post(DISPATCH + "/api/tasks/#{id}/start").header("Authorization", session -> bearer(session.getString("teamUser")))
                    .check(status().is(200)))
            .exitHereIfFailed()
            .exec(http("complete").post(DISPATCH + "/api/tasks/#{id}/complete").header("Authorization", session -> bearer(session.getString("teamUser")))
                    .body(StringBody("{\"summary\":\"已完成\",\"volunteerHours\":[{\"volunteerId\":\"#{volunteer}\",\"hours\":1.5}]}"))
                    .check(status().is(200)))
            .exitHereIfFailed()
            .exec(waitFor("wait sheet opened", RATING + "/api/ratings/#{id}", "dispatcher1"))
            .exitHereIfFailed()
            .exec(http("rate resident").post(RATING + "/api/ratings/#{id}").header("Authorization", bearer("resident1"))
                    .body(StringBody("{\"overall\":5,\"timeliness\":5,\"attitude\":5,\"quality\":4}")).check(status().is(201)))
            .exitHereIfFailed()
            .exec(http("rate dispatcher").post(RATING + "/api/ratings/#{id}").header("Authorization", bearer("dispatcher1"))
                    .body(StringBody("{\"overall\":4,\"timeliness\":4,\"attitude\":5,\"quality\":4}")).check(status().is(201)));

    {
        setUp(lifecycle.injectOpen(constantUsersPerSec(Load.rate()).during(Load.seconds()))).protocols(protocol)
                // an overloaded step is cut off rather than drained for minutes
                .maxDuration(Duration.ofSeconds(3L * Load.seconds()));
    }
}
