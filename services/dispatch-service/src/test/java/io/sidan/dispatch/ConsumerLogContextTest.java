package io.sidan.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import io.quarkus.test.junit.QuarkusTest;
import io.sidan.contracts.events.Urgency;
import io.sidan.dispatch.application.CaseApplication;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/** The lines a consumer writes while it handles an event carry the event's correlation id and request id. */
@QuarkusTest
class ConsumerLogContextTest {

    @Test
    void openingACaseLogsWithTheSubmissionsCorrelationIdAndTheRequestId() {
        List<ExtLogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record instanceof ExtLogRecord ext) {
                    ext.copyMdc(); // the values of the consumer's thread, as an asynchronous handler keeps them
                    records.add(ext);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(CaseApplication.class.getName());
        logger.addHandler(capture);
        try {
            String id = new Scenario().submit(Urgency.NORMAL);
            ExtLogRecord opened = records.stream().filter(r -> r.getFormattedMessage().contains(id)).findFirst().orElseThrow();
            assertThat(opened.getFormattedMessage()).contains("in the queue");
            assertThat(opened.getMdc("correlationId")).isEqualTo("test-correlation"); // as StreamForge writes the event
            assertThat(opened.getMdc("requestId")).isEqualTo(id);
        } finally {
            logger.removeHandler(capture);
        }
    }
}
