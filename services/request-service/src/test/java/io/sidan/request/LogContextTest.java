package io.sidan.request;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.sidan.request.application.RequestApplication;
import io.sidan.testing.LogCapture;
import io.sidan.testing.Sql;
import io.sidan.testing.TestTokens;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/**
 * The lines logged while a request is handled carry its correlation id and request id (the fields the
 * JSON log lines of the cluster show), and the correlation id is the one its events carry.
 */
@QuarkusTest
class LogContextTest {

    @Inject
    DataSource db;

    @Test
    void aCommandsLogLinesNameItsCorrelationIdAndRequest() {
        try (LogCapture log = LogCapture.of(RequestApplication.class)) {
            String id = Fixtures.submitted();
            ExtLogRecord submitted = log.first(id);
            String generated = submitted.getMdc("correlationId");
            assertThat(generated).as("a correlation id made for a caller who sent none").isNotBlank();
            assertThat(Sql.count(db, "select count(*) from event_store where stream_id = ? and correlation_id = ?", id, generated))
                    .as("the events carry the id the log lines show").isEqualTo(1);

            given().auth().oauth2(TestTokens.resident(Fixtures.RESIDENT)).header("X-Correlation-Id", "call-centre-4711")
                    .contentType("application/json").body("{\"reason\":\"已解决\"}").post("/api/requests/" + id + "/cancel")
                    .then().statusCode(200);
            ExtLogRecord cancelled = log.first("cancelled");
            assertThat(cancelled.getMdc("correlationId")).isEqualTo("call-centre-4711");
            assertThat(cancelled.getMdc("requestId")).isEqualTo(id);
        }
    }
}
