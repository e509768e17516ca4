package io.sidan.request;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Predicate;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sidan.request.application.RequestApplication;
import io.sidan.testing.LogCapture;
import io.sidan.testing.Sql;
import io.sidan.testing.TestTokens;
import io.sidan.testing.Traces;
import org.junit.jupiter.api.Test;

/**
 * With tracing switched on, a submit that arrives in a caller's trace (a {@code traceparent} header)
 * is handled, stored and sent in that trace; a later command on the request joins it, linked to its
 * own request's trace. Spans go to an in-memory exporter.
 */
@QuarkusTest
@TestProfile(Traces.On.class)
class TracingTest {

    private static final String SUBMIT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    @Inject
    InMemorySpanExporter spans;

    @Inject
    DataSource db;

    @Test
    void aSubmitIsHandledStoredAndSentInItsCallersTraceAndALaterCommandJoinsIt() {
        String id;
        try (LogCapture log = LogCapture.of(RequestApplication.class)) {
            id = given().auth().oauth2(TestTokens.resident(Fixtures.RESIDENT))
                    .header("traceparent", "00-" + SUBMIT_TRACE + "-" + CALLER_SPAN + "-01")
                    .contentType("application/json").body(Fixtures.body())
                    .post("/api/requests").then().statusCode(201).extract().path("id");
            assertThat(log.first(id).getMdc("traceId")).as("the submit's log line names its trace").isEqualTo(SUBMIT_TRACE);
        }

        SpanData server = span(SUBMIT_TRACE, s -> s.getKind() == SpanKind.SERVER);
        assertThat(server.getParentSpanId()).isEqualTo(CALLER_SPAN);
        SpanData submit = span(SUBMIT_TRACE, s -> s.getName().equals("command Submit"));
        assertThat(submit.getParentSpanId()).isEqualTo(server.getSpanId());
        span(SUBMIT_TRACE, s -> s.getKind() == SpanKind.CLIENT && s.getAttributes().asMap().toString().contains("postgresql"));
        // stored with the event, and the relay's send span continues from there
        assertThat(Sql.count(db, "select count(*) from event_store where stream_id = ? and traceparent = ?", id,
                "00-" + SUBMIT_TRACE + "-" + submit.getSpanId() + "-01")).isEqualTo(1);
        SpanData send = span(SUBMIT_TRACE, s -> s.getKind() == SpanKind.PRODUCER);
        assertThat(send.getName()).isEqualTo("send sidan.request.events");
        assertThat(send.getParentSpanId()).isEqualTo(submit.getSpanId());

        // the resident cancels later, in a request of its own: the command runs in the submit's trace, linked
        String cancelTrace = "0af7651916cd43dd8448eb211c80319c";
        given().auth().oauth2(TestTokens.resident(Fixtures.RESIDENT))
                .header("traceparent", "00-" + cancelTrace + "-b7ad6b7169203331-01")
                .contentType("application/json").body("{\"reason\":\"已解决\"}").post("/api/requests/" + id + "/cancel")
                .then().statusCode(200);
        SpanData cancelServer = span(cancelTrace, s -> s.getKind() == SpanKind.SERVER);
        SpanData cancel = span(SUBMIT_TRACE, s -> s.getName().equals("command Cancel"));
        assertThat(cancel.getParentSpanId()).isEqualTo(submit.getSpanId());
        assertThat(cancel.getLinks()).extracting(LinkData::getSpanContext)
                .anySatisfy(link -> assertThat(link.getSpanId()).isEqualTo(cancelServer.getSpanId()));
        assertThat(Sql.count(db, "select count(*) from event_store where stream_id = ? and version = 2 and traceparent like ?",
                id, "00-" + SUBMIT_TRACE + "-" + cancel.getSpanId() + "-%")).isEqualTo(1);

        // statements outside any request (start-up migrations, the relay's polls) make no traces of their own
        assertThat(spans.getFinishedSpanItems()).filteredOn(s -> s.getKind() == SpanKind.CLIENT)
                .isNotEmpty().allSatisfy(s -> assertThat(s.getParentSpanContext().isValid()).isTrue());
    }

    private SpanData span(String traceId, Predicate<SpanData> which) {
        return Traces.awaitSpan(spans, traceId, which);
    }
}
