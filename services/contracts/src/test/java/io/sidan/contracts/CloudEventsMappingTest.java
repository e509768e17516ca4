package io.sidan.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.cloudevents.CloudEvent;
import io.sidan.contracts.envelope.Actor;
import io.sidan.contracts.envelope.CloudEventsMapping;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.envelope.TraceContext;
import io.sidan.contracts.envelope.UnknownEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class CloudEventsMappingTest {

    private final EventEnvelope envelope = new EventEnvelope(UUID.fromString("8d7e6f5a-4b3c-4d2e-9f10-1a2b3c4d5e6f"),
            "request-service", "request.cancelled", 1, EventSamples.REQUEST, 3,
            Instant.parse("2026-03-05T08:30:00.123456Z"), new Actor("resident", "3f1c2d4e-resident1", "居民一"),
            "corr-1", "cause-1", "a".repeat(64), "b".repeat(64), "{\"reason\":\"不需要了\",\"requestId\":\"x\"}");

    @Test
    void kafkaRecordsCarryTheAttributesAsBinaryModeHeaders() {
        ProducerRecord<String, byte[]> record = CloudEventsMapping.toProducerRecord("sidan.request.events", envelope);
        assertThat(record.key()).isEqualTo(EventSamples.REQUEST);
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(envelope.payload());
        assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(record, "ce_id")).isEqualTo(envelope.eventId().toString());
        assertThat(header(record, "ce_source")).isEqualTo("request-service");
        assertThat(header(record, "ce_type")).isEqualTo("request.cancelled");
        assertThat(header(record, "ce_subject")).isEqualTo(EventSamples.REQUEST);
        assertThat(header(record, "ce_time")).isEqualTo("2026-03-05T08:30:00.123456Z");
        assertThat(header(record, "ce_streamversion")).isEqualTo("3");
        assertThat(header(record, "ce_schemaversion")).isEqualTo("1");
        assertThat(header(record, "ce_actor")).isEqualTo("resident:3f1c2d4e-resident1");
        assertThat(header(record, "ce_actorname")).isEqualTo("居民一");
        assertThat(header(record, "ce_correlationid")).isEqualTo("corr-1");
        assertThat(header(record, "ce_causationid")).isEqualTo("cause-1");
        assertThat(header(record, "ce_prevhash")).isEqualTo("a".repeat(64));
        assertThat(header(record, "ce_chainhash")).isEqualTo("b".repeat(64));
        assertThat(header(record, "content-type")).isEqualTo("application/json");
    }

    @Test
    void aRecordReadsBackAsTheSameEnvelope() {
        ConsumerRecord<String, byte[]> consumed = consumed(CloudEventsMapping.toProducerRecord("t", envelope));
        CloudEvent ce = CloudEventsMapping.cloudEventOf(consumed);
        assertThat(ce.getSpecVersion().toString()).isEqualTo("1.0");
        assertThat(CloudEventsMapping.fromCloudEvent(ce)).isEqualTo(envelope);
    }

    @Test
    void optionalExtensionsMayBeAbsent() {
        EventEnvelope bare = new EventEnvelope(envelope.eventId(), envelope.source(), envelope.type(), 1,
                envelope.streamId(), 1, envelope.occurredAt(), Actor.system("dispatch-service"), null, null, null,
                null, "{}");
        assertThat(CloudEventsMapping.envelopeOf(consumed(CloudEventsMapping.toProducerRecord("t", bare))))
                .isEqualTo(bare);
    }

    @Test
    void theTraceTravelsAsTheDistributedTracingExtension() {
        TraceContext trace = new TraceContext("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "sidan=1");
        ProducerRecord<String, byte[]> record = CloudEventsMapping.toProducerRecord("t", envelope, trace);
        assertThat(header(record, "ce_traceparent")).isEqualTo(trace.traceparent());
        assertThat(header(record, "ce_tracestate")).isEqualTo("sidan=1");
        ConsumerRecord<String, byte[]> consumed = consumed(record);
        assertThat(CloudEventsMapping.traceOf(consumed)).isEqualTo(trace);
        assertThat(trace.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(trace.spanId()).isEqualTo("00f067aa0ba902b7");
        // the trace is beside the event, not part of it
        assertThat(CloudEventsMapping.envelopeOf(consumed)).isEqualTo(envelope);
    }

    @Test
    void anUntracedOrMalformedTraceReadsAsNone() {
        assertThat(CloudEventsMapping.traceOf(consumed(CloudEventsMapping.toProducerRecord("t", envelope)))).isNull();
        ProducerRecord<String, byte[]> forged = CloudEventsMapping.toProducerRecord("t", envelope);
        forged.headers().add("ce_traceparent", "00-not-a-trace".getBytes(StandardCharsets.UTF_8));
        assertThat(CloudEventsMapping.traceOf(consumed(forged))).isNull();
        assertThatThrownBy(() -> new TraceContext("00-xyz", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRecordWithoutCloudEventsHeadersIsRefusedClearly() {
        ConsumerRecord<String, byte[]> junk = new ConsumerRecord<>("t", 0, 7, "k", "hello".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> CloudEventsMapping.envelopeOf(junk)).isInstanceOf(UnknownEventException.class)
                .hasMessageContaining("t-0@7");
    }

    private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> produced) {
        return new ConsumerRecord<>(produced.topic(), 0, 0L, 0L, TimestampType.CREATE_TIME, 0, 0,
                produced.key(), produced.value(), produced.headers(), Optional.empty());
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
