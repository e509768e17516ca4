package io.sidan.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.sidan.testing.Metrics;
import io.sidan.testing.TestTokens;
import org.junit.jupiter.api.Test;

/** The series docs/operations.md documents for the request service, with plausible values. */
@QuarkusTest
class RequestMetricsTest {

    @Test
    void submissionsAreCountedByCategoryAndChannelAndAReplayIsNot() {
        Map<String, String> series = Map.of("category", "ELDERLY_CARE", "channel", "APP");
        double before = Metrics.scrape().sumOrZero("sidan_requests_submitted_total", series);
        Fixtures.submitted();
        Fixtures.submitted();
        String token = TestTokens.resident(Fixtures.RESIDENT);
        io.restassured.RestAssured.given().auth().oauth2(token).header("Idempotency-Key", "metrics-once")
                .contentType("application/json").body(Fixtures.body()).post("/api/requests").then().statusCode(201);
        io.restassured.RestAssured.given().auth().oauth2(token).header("Idempotency-Key", "metrics-once")
                .contentType("application/json").body(Fixtures.body()).post("/api/requests").then().statusCode(201)
                .header("Idempotent-Replayed", "true");
        double after = Metrics.scrape().sum("sidan_requests_submitted_total", series);
        assertThat(after - before).isEqualTo(3);
        // the eventing series are there too (relay leader, consumers)
        Metrics now = Metrics.scrape();
        assertThat(now.sum("sidan_outbox_relay_leader")).isEqualTo(1);
        assertThat(now.sum("sidan_consumer_retried")).isGreaterThanOrEqualTo(0);
        assertThat(now.sum("sidan_consumer_lag")).isFinite();
    }
}
