package io.sidan.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.sidan.contracts.envelope.CloudEventsMapping;
import io.sidan.contracts.envelope.EventCatalogue;
import io.sidan.contracts.events.RequestEvent;
import io.sidan.eventing.command.CommandHandler;
import io.sidan.eventing.consumer.ConsumerRunner;
import io.sidan.eventing.consumer.ConsumerSettings;
import io.sidan.eventing.outbox.OutboxRelay;
import io.sidan.eventing.outbox.RelaySettings;
import io.sidan.eventing.store.EventMetadata;
import io.sidan.eventing.store.StoredEvent;
import io.sidan.eventing.trace.EventTracing;
import io.sidan.testing.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One trace from a command through the outbox, a broker outage and a consumer in another service, and
 * a later command on the same stream back in that trace. Spans go to an in-memory exporter; the broker
 * is this test's own, since it is stopped.
 */
class EventTracingTest {

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    private final EventTracing tracing = new EventTracing(OpenTelemetrySdk.builder().setTracerProvider(provider).build());
    private final KafkaBroker broker = KafkaBroker.startTemporary();
    private final EventingFixture producer = new EventingFixture(tracing);
    private final EventingFixture consumer = new EventingFixture(tracing);
    private final EventMetadata by = EventMetadata.by(EventingFixture.TESTER);

    @AfterEach
    void stop() {
        broker.stop();
        provider.close();
    }

    @Test
    void oneTraceRunsFromTheCommandThroughAnOutageToTheConsumerAndBackToTheStream() throws Exception {
        broker.createTopics(List.of(producer.topic), 3);
        CommandHandler<Integer, CommandHandlerTest.Add, RequestEvent> requests = new CommandHandler<>(producer.store,
                CommandHandlerTest.COUNTER);
        CommandHandler<Integer, CommandHandlerTest.Add, RequestEvent> cases = new CommandHandler<>(consumer.store,
                CommandHandlerTest.COUNTER);

        // a resident's submit (the HTTP server span Quarkus would make) starts the stream
        Span submit = tracer().spanBuilder("POST /api/requests").setSpanKind(SpanKind.SERVER).startSpan();
        try (Scope ignored = submit.makeCurrent()) {
            producer.tx.inTransaction(c -> requests.start(c, "request-1", new CommandHandlerTest.Add("submitted"), by));
        }
        submit.end();
        SpanData command = span("command Add", SpanKind.INTERNAL, submit.getSpanContext().getTraceId());
        assertThat(command.getParentSpanId()).isEqualTo(submit.getSpanContext().getSpanId());
        StoredEvent submitted = producer.tx.inTransaction(c -> producer.store.readStream(c, "request-1")).getFirst();
        assertThat(submitted.trace().traceId()).isEqualTo(submit.getSpanContext().getTraceId());
        assertThat(submitted.trace().spanId()).isEqualTo(command.getSpanId());

        long backAt;
        // the broker is down when the relay first sends: the event waits in the outbox, its context with it
        broker.stop();
        try (OutboxRelay relay = new OutboxRelay(producer.store, producer.dataSource, EventingFixture.kafka(broker),
                new RelaySettings("tracing", 100, Duration.ofMillis(200), Duration.ofMillis(500)), Clock.systemUTC(), tracing)) {
            relay.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> relay.status().lastError() != null);
            backAt = System.currentTimeMillis() * 1_000_000L;
            broker.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> relay.status().published() == 1);
        }
        List<SpanData> sends = spansNamed("send " + producer.topic);
        assertThat(sends).allSatisfy(s -> {
            assertThat(s.getKind()).isEqualTo(SpanKind.PRODUCER);
            assertThat(s.getTraceId()).isEqualTo(submit.getSpanContext().getTraceId());
            assertThat(s.getParentSpanId()).isEqualTo(command.getSpanId());
            // from when the event was recorded: the wait in the outbox is part of the span
            assertThat(s.getStartEpochNanos()).isEqualTo(epochNanos(submitted));
            assertThat(s.getAttributes().asMap().toString()).contains("request.cancelled", "request-1");
        });
        List<SpanData> delivered = sends.stream().filter(s -> s.getStatus().getStatusCode() != StatusCode.ERROR).toList();
        assertThat(delivered).hasSize(1);
        assertThat(delivered.getFirst().getEndEpochNanos()).as("the send span lasts through the outage").isGreaterThan(backAt);
        ConsumerRecord<String, byte[]> record = TopicReader.readAll(broker, producer.topic, 1, Duration.ofSeconds(30)).getFirst();
        assertThat(CloudEventsMapping.traceOf(record)).isEqualTo(submitted.trace());

        // another service consumes it and opens its own stream in a process span of the same trace
        try (ConsumerRunner runner = new ConsumerRunner(ConsumerSettings.of("tracing-consumer", List.of(producer.topic)),
                EventingFixture.kafka(broker), consumer.tx, EventCatalogue.standard(),
                (c, e) -> cases.start(c, "case-1", new CommandHandlerTest.Add("opened"), by), Clock.systemUTC(), tracing)) {
            runner.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> runner.status().processed() == 1);
        }
        SpanData process = span("process " + producer.topic, SpanKind.CONSUMER, submit.getSpanContext().getTraceId());
        assertThat(process.getParentSpanId()).isEqualTo(command.getSpanId());
        SpanData batch = spansNamed("process batch tracing-consumer").getFirst();
        assertThat(batch.getLinks()).extracting(LinkData::getSpanContext).extracting(SpanContext::getSpanId)
                .contains(command.getSpanId());
        StoredEvent opened = consumer.tx.inTransaction(c -> consumer.store.readStream(c, "case-1")).getFirst();
        SpanData openCommand = spansNamed("command Add").stream().filter(s -> s.getParentSpanId().equals(process.getSpanId()))
                .findFirst().orElseThrow();
        assertThat(opened.trace().traceId()).isEqualTo(submit.getSpanContext().getTraceId());
        assertThat(opened.trace().spanId()).isEqualTo(openCommand.getSpanId());

        // a team's later command on the case (its own HTTP request, its own trace) joins the case's trace, linked
        Span accept = tracer().spanBuilder("POST /api/cases/case-1/accept").setSpanKind(SpanKind.SERVER).startSpan();
        try (Scope ignored = accept.makeCurrent()) {
            consumer.tx.inTransaction(c -> cases.handle(c, "case-1", n -> new CommandHandlerTest.Add("accepted"), by,
                    OptionalLong.empty()));
        }
        accept.end();
        StoredEvent accepted = consumer.tx.inTransaction(c -> consumer.store.readStream(c, "case-1")).get(1);
        SpanData acceptCommand = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getSpanId().equals(accepted.trace().spanId())).findFirst().orElseThrow();
        assertThat(acceptCommand.getTraceId()).isEqualTo(submit.getSpanContext().getTraceId());
        assertThat(acceptCommand.getParentSpanId()).isEqualTo(openCommand.getSpanId());
        assertThat(acceptCommand.getLinks()).extracting(LinkData::getSpanContext).containsExactly(accept.getSpanContext());
    }

    @Test
    void withTracingOffNothingIsRecordedAndTheEventsStillFlow() {
        EventingFixture untraced = new EventingFixture();
        untraced.appendNext("quiet", "no trace");
        StoredEvent stored = untraced.tx.inTransaction(c -> untraced.store.readStream(c, "quiet")).getFirst();
        assertThat(stored.trace()).isNull();
        assertThat(EventTracing.current()).isNull();
        // an event recorded without a trace is sent without the headers and without a span
        tracing.publishing(List.of(stored)).acknowledged(java.time.Instant.now());
        assertThat(spans.getFinishedSpanItems()).isEmpty();
        assertThat(CloudEventsMapping.traceOf(consumedFrom(stored))).isNull();
    }

    private static ConsumerRecord<String, byte[]> consumedFrom(StoredEvent e) {
        var produced = CloudEventsMapping.toProducerRecord("t", e.envelope(), e.trace());
        return new ConsumerRecord<>("t", 0, 0L, 0L, org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, 0,
                produced.key(), produced.value(), produced.headers(), java.util.Optional.empty());
    }

    private io.opentelemetry.api.trace.Tracer tracer() {
        return provider.get("test");
    }

    private SpanData span(String name, SpanKind kind, String traceId) {
        return spansNamed(name).stream().filter(s -> s.getKind() == kind && s.getTraceId().equals(traceId)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in trace " + traceId + ": " + spans.getFinishedSpanItems()));
    }

    private List<SpanData> spansNamed(String name) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
    }

    private static long epochNanos(StoredEvent e) {
        return e.envelope().occurredAt().getEpochSecond() * 1_000_000_000L + e.envelope().occurredAt().getNano();
    }
}
