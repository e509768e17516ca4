package io.sidan.request;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.sidan.testing.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * A bearer token verified once is remembered for the caller's next requests (RememberedTokens): as the same
 * person in the same roles, never past its expiry, and a token that failed is checked in full every time.
 */
@QuarkusTest
class RememberedTokensTest {

    @Inject
    MeterRegistry registry;

    private double admitted(String check) {
        return registry.counter("sidan.security.tokens", "check", check).count();
    }

    @Test
    void aVerifiedTokenIsRememberedAsTheSamePersonInTheSameRoles() {
        String alice = TestTokens.resident("remembered-alice");
        double verified = admitted("verified");
        double remembered = admitted("remembered");
        String id = Fixtures.submit(alice, Fixtures.body()).then().statusCode(201).extract().path("id");
        given().auth().oauth2(alice).get("/api/requests/" + id).then().statusCode(200).body("id", equalTo(id));
        assertThat(admitted("verified")).isEqualTo(verified + 1);
        assertThat(admitted("remembered")).isEqualTo(remembered + 1);
        // remembered, she is still a resident and only herself
        given().auth().oauth2(alice).get("/api/audit/summary").then().statusCode(403);
        given().auth().oauth2(TestTokens.resident("remembered-bob")).get("/api/requests/" + id).then().statusCode(404);
        given().auth().oauth2(alice).get("/api/requests").then().statusCode(200).body("items.id", org.hamcrest.Matchers.hasItem(id));
        assertThat(admitted("remembered")).isEqualTo(remembered + 3);
    }

    @Test
    void aRememberedTokenIsRefusedOnceItExpires() throws InterruptedException {
        long expiresAt = Instant.now().getEpochSecond() + 5; // time for two requests on a busy machine
        String shortLived = TestTokens.expiringAt(expiresAt, "remembered-carol", "resident");
        given().auth().oauth2(shortLived).get("/api/requests").then().statusCode(200);
        given().auth().oauth2(shortLived).get("/api/requests").then().statusCode(200);
        // past its expiry (the real time, which the token check uses): refused, remembered or not
        while (Instant.now().getEpochSecond() <= expiresAt) {
            Thread.sleep(200);
        }
        given().auth().oauth2(shortLived).get("/api/requests").then().statusCode(401);
    }

    @Test
    void aTokenThatFailsIsNeverRemembered() {
        double remembered = admitted("remembered");
        double verified = admitted("verified");
        String forged = TestTokens.forged("remembered-mallory", "admin");
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(forged).get("/api/audit/summary").then().statusCode(401);
        }
        String expired = TestTokens.expired("remembered-mallory", "admin");
        given().auth().oauth2(expired).get("/api/audit/summary").then().statusCode(401);
        assertThat(admitted("remembered")).isEqualTo(remembered);
        assertThat(admitted("verified")).isEqualTo(verified);
    }
}
