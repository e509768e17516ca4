package io.sidan.request;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.sidan.kit.api.AdmissionControl;
import io.sidan.testing.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * Bounded admission (service-kit's {@link AdmissionControl}), with room for two requests: two clients
 * that send half a body hold both places, so the next request is refused at once with 503 — health
 * still answers — and once the stalled ones time out, requests are served again.
 */
@QuarkusTest
@TestProfile(OverloadTest.TwoInFlight.class)
class OverloadTest {

    public static class TwoInFlight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sidan.http.max-in-flight", "2");
        }
    }

    @Inject
    AdmissionControl admission;

    @Test
    void beyondTheLimitRequestsAreRefusedQuicklyAndServedAgainWhenPlacesFree() throws Exception {
        given().get("/api/catalogue").then().statusCode(200);
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                Socket s = new Socket("localhost", RestAssured.port);
                OutputStream out = s.getOutputStream();
                out.write(("POST /api/requests HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                        + TestTokens.resident(Fixtures.RESIDENT) + "\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n"
                        + "{\"category\":\"ELD").getBytes(StandardCharsets.UTF_8));
                out.flush();
                stalled.add(s);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> admission.inFlight() == 2);

            given().get("/api/catalogue").then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", "1").body("status", equalTo(503)).body("title", equalTo("Service overloaded"));
            // refused while both places were still held: it did not wait in a queue for one to free up
            // (a queued request would have been served once the stalled ones timed out)
            assertThat(admission.inFlight()).as("places still held after the refusal").isEqualTo(2);
            given().get("/q/health/live").then().statusCode(200);

            // the test profile waits 2 s for a body; then both places are free again
            await().atMost(Duration.ofSeconds(10)).until(() -> admission.inFlight() == 0);
            given().get("/api/catalogue").then().statusCode(200);
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
    }
}
