package io.sidan.request;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.sidan.testing.Sql;
import io.sidan.testing.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * Per-user write limits (service-kit's {@code WriteRateLimits}): a resident may submit three requests
 * an hour here; the fourth is refused with 429, {@code Retry-After} and a problem, and stores nothing.
 * Other users, and the same resident's reads, go on as before.
 */
@QuarkusTest
@TestProfile(RateLimitTest.Limited.class)
class RateLimitTest {

    public static class Limited implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sidan.http.rate-limit.resident-writes-per-hour", "3",
                    "sidan.http.rate-limit.writes-per-minute", "5");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aResidentBeyondTheHourlyLimitIsRefusedWith429AndNothingIsStored() {
        String resident = "resident-limited-" + UUID.randomUUID().toString().substring(0, 8);
        String token = TestTokens.resident(resident);
        for (int i = 0; i < 3; i++) {
            Fixtures.submit(token, Fixtures.body()).then().statusCode(201);
        }
        long stored = Sql.count(dataSource, "select count(*) from request_view where requester_id = ?", resident);

        String retryAfter = Fixtures.submit(token, Fixtures.body()).then().statusCode(429).contentType("application/problem+json")
                .body("status", equalTo(429)).body("title", equalTo("Too many requests"))
                .body("detail", containsString("this hour")).extract().header("Retry-After");
        // one of three per hour comes back every 20 minutes, less the moments the three submissions took
        assertThat(Long.parseLong(retryAfter)).isBetween(20 * 60L - 60, 20 * 60L);
        assertThat(Sql.count(dataSource, "select count(*) from request_view where requester_id = ?", resident))
                .as("the refused submission stored nothing").isEqualTo(stored).isEqualTo(3);

        // reads are not limited; another resident has an allowance of their own
        given().auth().oauth2(token).get("/api/requests").then().statusCode(200);
        Fixtures.submit(TestTokens.resident("resident-other-" + UUID.randomUUID()), Fixtures.body()).then().statusCode(201);
    }

    @Test
    void everyAccountHasAPerMinuteLimitOnWrites() {
        String admin = TestTokens.admin("admin-limited-" + UUID.randomUUID().toString().substring(0, 8));
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 7; i++) {
            // a write the admin may make that fails validation: limits apply before the request is handled
            int status = given().auth().oauth2(admin).contentType("application/json").body("{}")
                    .post("/api/catalogue").then().extract().statusCode();
            if (status == 429) {
                refused++;
            } else {
                assertThat(status).isEqualTo(400);
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(5);
        assertThat(refused).isEqualTo(2);
        given().auth().oauth2(admin).get("/api/catalogue").then().statusCode(200);
    }
}
