package io.sidan.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.sidan.contracts.events.Urgency;
import io.sidan.dispatch.application.CaseApplication;
import io.sidan.testing.LogCapture;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/** The lines a consumer writes while it handles an event carry the event's correlation id and request id. */
@QuarkusTest
class ConsumerLogContextTest {

    @Test
    void openingACaseLogsWithTheSubmissionsCorrelationIdAndTheRequestId() {
        try (LogCapture log = LogCapture.of(CaseApplication.class)) {
            String id = new Scenario().submit(Urgency.NORMAL);
            ExtLogRecord opened = log.first(id);
            assertThat(opened.getFormattedMessage()).contains("in the queue");
            assertThat(opened.getMdc("correlationId")).isEqualTo("test-correlation"); // as StreamForge writes the event
            assertThat(opened.getMdc("requestId")).isEqualTo(id);
        }
    }
}
