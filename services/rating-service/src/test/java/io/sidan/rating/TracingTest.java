package io.sidan.rating;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import io.sidan.contracts.Topics;
import io.sidan.contracts.envelope.Actor;
import io.sidan.contracts.envelope.TraceContext;
import io.sidan.contracts.events.CaseEvent;
import io.sidan.contracts.events.VolunteerHours;
import io.sidan.rating.application.RatingApplication;
import io.sidan.testing.BrokerClient;
import io.sidan.testing.LogCapture;
import io.sidan.testing.Sql;
import io.sidan.testing.StreamForge;
import io.sidan.testing.TestTokens;
import io.sidan.testing.Traces;
import org.junit.jupiter.api.Test;

/**
 * With tracing switched on, a completion recorded in a request's trace opens its rating sheet in that
 * trace, and the resident's rating (an HTTP request of its own) lands in it too, linked to its request.
 */
@QuarkusTest
@TestProfile(Traces.On.class)
class TracingTest {

    private static final String TRACE = "6bf92f3577b34da6a3ce929d0e0e4736";
    private static final String COMPLETION_SPAN = "20f067aa0ba902b7";

    @Inject
    InMemorySpanExporter spans;

    @Inject
    DataSource db;

    @Test
    void aCompletionsSheetAndItsRatingsLandInTheRequestsTrace() {
        String id = UUID.randomUUID().toString();
        String team = "team-" + id.substring(0, 6);
        try (LogCapture log = LogCapture.of(RatingApplication.class); BrokerClient broker = BrokerClient.shared()) {
            broker.publish(Topics.DISPATCH_EVENTS, new TraceContext("00-" + TRACE + "-" + COMPLETION_SPAN + "-01", null),
                    new StreamForge("dispatch-service", id).next(new CaseEvent.ServiceCompleted(id, team, "已完成",
                            List.of(new VolunteerHours("v-" + team, "张伟", 1)), List.of(), RatingFlowTest.RESIDENT,
                            "ELDERLY_CARE", "G-1", 1), new Actor("team", "t-" + team, team)));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(log.first(id).getMdc("traceId")).as("the consumer's log line names the trace").isEqualTo(TRACE));
        }
        SpanData process = span(TRACE, s -> s.getKind() == SpanKind.CONSUMER && s.getParentSpanId().equals(COMPLETION_SPAN));
        assertThat(process.getAttributes().asMap().toString()).contains("service.completed");
        SpanData open = span(TRACE, s -> s.getName().equals("command Open") && s.getParentSpanId().equals(process.getSpanId()));
        assertThat(Sql.count(db, "select count(*) from event_store where stream_id = ? and version = 1 and traceparent like ?",
                id, "00-" + TRACE + "-" + open.getSpanId() + "-%")).isEqualTo(1);

        String rateTrace = "2af7651916cd43dd8448eb211c80319c";
        given().auth().oauth2(TestTokens.resident(RatingFlowTest.RESIDENT)).header("traceparent", "00-" + rateTrace + "-d7ad6b7169203331-01")
                .contentType(ContentType.JSON)
                .body(Map.of("overall", 5, "timeliness", 5, "attitude", 5, "quality", 5, "comment", "很好"))
                .post("/api/ratings/" + id).then().statusCode(201);
        SpanData rateServer = span(rateTrace, s -> s.getKind() == SpanKind.SERVER);
        SpanData rate = span(TRACE, s -> s.getName().equals("command Rate"));
        assertThat(rate.getParentSpanId()).isEqualTo(open.getSpanId());
        assertThat(rate.getLinks()).extracting(LinkData::getSpanContext)
                .anySatisfy(link -> assertThat(link.getSpanId()).isEqualTo(rateServer.getSpanId()));
        span(TRACE, s -> s.getKind() == SpanKind.PRODUCER && s.getName().equals("send sidan.rating.events"));
    }

    private SpanData span(String traceId, Predicate<SpanData> which) {
        return Traces.awaitSpan(spans, traceId, which);
    }
}
