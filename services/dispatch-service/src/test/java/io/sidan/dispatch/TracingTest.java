package io.sidan.dispatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Predicate;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.sidan.contracts.envelope.TraceContext;
import io.sidan.contracts.events.Urgency;
import io.sidan.dispatch.application.CaseApplication;
import io.sidan.testing.LogCapture;
import io.sidan.testing.Sql;
import io.sidan.testing.Traces;
import org.junit.jupiter.api.Test;

/**
 * With tracing switched on, a submission that arrives recorded in the resident's trace is handled in
 * that trace: the case is opened in a process span whose parent is the submission's context, stored and
 * sent on in the same trace, and the dispatcher's assignment (an HTTP request of its own) joins it.
 */
@QuarkusTest
@TestProfile(Traces.On.class)
class TracingTest {

    private static final String TRACE = "5bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SUBMIT_SPAN = "10f067aa0ba902b7";

    @Inject
    InMemorySpanExporter spans;

    @Inject
    DataSource db;

    @Test
    void aSubmissionsCaseIsOpenedSentAndAssignedInTheSubmissionsTrace() {
        Scenario scenario = new Scenario();
        String team = scenario.team("traced", 3, true);
        String id;
        try (LogCapture log = LogCapture.of(CaseApplication.class)) {
            id = scenario.submit(Urgency.NORMAL, new TraceContext("00-" + TRACE + "-" + SUBMIT_SPAN + "-01", null));
            assertThat(log.first(id).getMdc("traceId")).as("the consumer's log line names the trace").isEqualTo(TRACE);
        }
        SpanData process = span(TRACE, s -> s.getKind() == SpanKind.CONSUMER && s.getParentSpanId().equals(SUBMIT_SPAN));
        assertThat(process.getName()).isEqualTo("process sidan.request.events");
        assertThat(process.getAttributes().asMap().toString()).contains("request.submitted");
        SpanData open = span(TRACE, s -> s.getKind() == SpanKind.INTERNAL && s.getName().equals("command Open")
                && s.getParentSpanId().equals(process.getSpanId()));
        assertThat(Sql.count(db, "select count(*) from event_store where stream_id = ? and version = 1 and traceparent like ?",
                id, "00-" + TRACE + "-" + open.getSpanId() + "-%")).isEqualTo(1);
        span(TRACE, s -> s.getKind() == SpanKind.PRODUCER && s.getName().equals("send sidan.dispatch.events"));

        String assignTrace = "1af7651916cd43dd8448eb211c80319c";
        given().auth().oauth2(Scenario.DISPATCHER).header("traceparent", "00-" + assignTrace + "-c7ad6b7169203331-01")
                .contentType(ContentType.JSON).body(Map.of("teamId", team))
                .post("/api/dispatch/cases/" + id + "/assign").then().statusCode(200);
        SpanData assignServer = span(assignTrace, s -> s.getKind() == SpanKind.SERVER);
        SpanData assign = span(TRACE, s -> s.getName().equals("command Assign"));
        assertThat(assign.getParentSpanId()).isEqualTo(open.getSpanId());
        assertThat(assign.getLinks()).extracting(LinkData::getSpanContext)
                .anySatisfy(link -> assertThat(link.getSpanId()).isEqualTo(assignServer.getSpanId()));
    }

    private SpanData span(String traceId, Predicate<SpanData> which) {
        return Traces.awaitSpan(spans, traceId, which);
    }
}
