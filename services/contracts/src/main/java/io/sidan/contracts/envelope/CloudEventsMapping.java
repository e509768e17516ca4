package io.sidan.contracts.envelope;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The CloudEvents 1.0 form of an {@link EventEnvelope}, written to Kafka in binary mode with the
 * CloudEvents SDK: the attributes and extensions travel as {@code ce_*} headers, the JSON payload as
 * the record value, the stream id as the record key.
 */
public final class CloudEventsMapping {

    public static final String STREAM_VERSION = "streamversion";
    public static final String SCHEMA_VERSION = "schemaversion";
    public static final String CORRELATION_ID = "correlationid";
    public static final String CAUSATION_ID = "causationid";
    public static final String ACTOR = "actor";
    public static final String ACTOR_NAME = "actorname";
    public static final String PREV_HASH = "prevhash";
    public static final String CHAIN_HASH = "chainhash";
    /** The CloudEvents distributed-tracing extension: where the event was recorded in a trace. */
    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";
    public static final String JSON = "application/json";

    private CloudEventsMapping() {
    }

    public static CloudEvent toCloudEvent(EventEnvelope e) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(e.eventId().toString())
                .withSource(URI.create(e.source()))
                .withType(e.type())
                .withSubject(e.streamId())
                .withTime(OffsetDateTime.ofInstant(e.occurredAt(), ZoneOffset.UTC))
                .withDataContentType(JSON)
                .withData(e.payload().getBytes(StandardCharsets.UTF_8))
                .withExtension(STREAM_VERSION, e.streamVersion())
                .withExtension(SCHEMA_VERSION, e.schemaVersion())
                .withExtension(ACTOR, e.actor().reference())
                .withExtension(ACTOR_NAME, e.actor().name());
        if (e.correlationId() != null) {
            builder.withExtension(CORRELATION_ID, e.correlationId());
        }
        if (e.causationId() != null) {
            builder.withExtension(CAUSATION_ID, e.causationId());
        }
        if (e.prevHash() != null) {
            builder.withExtension(PREV_HASH, e.prevHash());
        }
        if (e.hash() != null) {
            builder.withExtension(CHAIN_HASH, e.hash());
        }
        return builder.build();
    }

    /** Reads an envelope back; a record missing a required attribute raises {@link UnknownEventException}. */
    public static EventEnvelope fromCloudEvent(CloudEvent ce) {
        try {
            CloudEventData data = ce.getData();
            if (data == null) {
                throw new UnknownEventException("event " + ce.getId() + " has no data");
            }
            if (ce.getTime() == null) {
                throw new UnknownEventException("event " + ce.getId() + " has no time");
            }
            return new EventEnvelope(
                    UUID.fromString(ce.getId()),
                    ce.getSource().toString(),
                    ce.getType(),
                    (int) number(ce, SCHEMA_VERSION),
                    required(ce.getSubject(), "subject", ce),
                    number(ce, STREAM_VERSION),
                    ce.getTime().toInstant(),
                    Actor.parse(text(ce, ACTOR), text(ce, ACTOR_NAME)),
                    text(ce, CORRELATION_ID),
                    text(ce, CAUSATION_ID),
                    text(ce, PREV_HASH),
                    text(ce, CHAIN_HASH),
                    new String(data.toBytes(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new UnknownEventException("not a Sidan event: " + e.getMessage(), e);
        }
    }

    /** The Kafka record for an envelope: key = stream id, binary-mode CloudEvent. */
    public static ProducerRecord<String, byte[]> toProducerRecord(String topic, EventEnvelope e) {
        return toProducerRecord(topic, e, null);
    }

    /** As {@link #toProducerRecord(String, EventEnvelope)}, with the trace it was recorded in (when there is one). */
    public static ProducerRecord<String, byte[]> toProducerRecord(String topic, EventEnvelope e, TraceContext trace) {
        CloudEvent event = toCloudEvent(e);
        if (trace != null) {
            CloudEventBuilder traced = CloudEventBuilder.from(event).withExtension(TRACEPARENT, trace.traceparent());
            if (trace.tracestate() != null) {
                traced.withExtension(TRACESTATE, trace.tracestate());
            }
            event = traced.build();
        }
        return KafkaMessageFactory.createWriter(topic, e.streamId()).writeBinary(event);
    }

    /** The trace a record's event was recorded in, from its headers; null when it carries none (or a malformed one). */
    public static TraceContext traceOf(ConsumerRecord<?, byte[]> record) {
        return TraceContext.ofNullable(header(record, "ce_" + TRACEPARENT), header(record, "ce_" + TRACESTATE));
    }

    private static String header(ConsumerRecord<?, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Parses a Kafka record written by {@link #toProducerRecord}. */
    public static CloudEvent cloudEventOf(ConsumerRecord<?, byte[]> record) {
        try {
            return KafkaMessageFactory.createReader(record).toEvent();
        } catch (RuntimeException e) {
            throw new UnknownEventException("not a CloudEvent at " + record.topic() + "-" + record.partition()
                    + "@" + record.offset() + ": " + e.getMessage(), e);
        }
    }

    public static EventEnvelope envelopeOf(ConsumerRecord<?, byte[]> record) {
        return fromCloudEvent(cloudEventOf(record));
    }

    private static String text(CloudEvent ce, String name) {
        Object value = ce.getExtension(name);
        return value == null ? null : value.toString();
    }

    private static long number(CloudEvent ce, String name) {
        Object value = ce.getExtension(name);
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value == null) {
            throw new UnknownEventException("event " + ce.getId() + " has no " + name);
        }
        try {
            return Long.parseLong(value.toString());
        } catch (NumberFormatException e) {
            throw new UnknownEventException("event " + ce.getId() + " has a bad " + name + ": " + value);
        }
    }

    private static String required(String value, String name, CloudEvent ce) {
        if (value == null || value.isBlank()) {
            throw new UnknownEventException("event " + ce.getId() + " has no " + name);
        }
        return value;
    }
}
