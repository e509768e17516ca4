package io.sidan.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.time.Duration;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/** 群众点单 at a fixed arrival rate: authenticated POST /api/requests, each answered 201 after the commit. */
public class SubmitSimulation extends Simulation {

    private final HttpProtocolBuilder protocol = http.baseUrl(Load.get(Load.REQUEST_URL))
            .header("Authorization", "Bearer " + Load.token("resident1"))
            .contentTypeHeader("application/json").acceptHeader("application/json")
            .shareConnections();

    private final ScenarioBuilder submit = scenario("submit")
            .exec(http("submit").post("/api/requests").body(StringBody(session -> Load.requestBody()))
                    .check(status().is(201)));

    {
        setUp(submit.injectOpen(constantUsersPerSec(Load.rate()).during(Load.seconds()))).protocols(protocol)
                // an overloaded step is cut off rather than drained for minutes
                .maxDuration(Duration.ofSeconds(3L * Load.seconds()));
    }
}
