package io.sidan.eventing.trace;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.sidan.contracts.envelope.CloudEventsMapping;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.envelope.TraceContext;
import io.sidan.eventing.consumer.ReceivedEvent;
import io.sidan.eventing.store.StoredEvent;

/**
 * Traces through the event store, the outbox and Kafka, with the OpenTelemetry API (no-op unless the
 * service hands over an SDK). One request's life is one trace:
 * <ul>
 *   <li>every event is stored with the context it was recorded in ({@link #current()}, taken by the
 *       store's append) and travels with it as {@code ce_traceparent}/{@code ce_tracestate}, however long
 *       it waits in the outbox;</li>
 *   <li>the relay records a {@code send} span per event, from the moment it was recorded until the
 *       broker acknowledged it (a wait through a broker outage shows as the span's length; a batch whose
 *       send failed ends its spans with the error, and the next attempt has spans of its own);</li>
 *   <li>a consumer handles each event in a {@code process} span whose parent is the event's context, and
 *       the poll's transaction in a span linked to all of them (one batch has several causes);</li>
 *   <li>a command on an existing stream runs in a span whose parent is the context of the stream's first
 *       event, linked to the caller's own span (the team's HTTP request, say): so acceptance, completion
 *       and ratings land in the trace the resident's submit began.</li>
 * </ul>
 */
public final class EventTracing {

    /** Tracing switched off: every span is a no-op and nothing is recorded with events. */
    public static final EventTracing OFF = new EventTracing(OpenTelemetry.noop());

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;

    public EventTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("io.sidan.eventing");
    }

    /** The trace context the calling thread runs in, or null outside a recorded span. */
    public static TraceContext current() {
        if (!Span.current().getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(4);
        W3C.inject(Context.current(), carrier, Map::put);
        return TraceContext.ofNullable(carrier.get(CloudEventsMapping.TRACEPARENT), carrier.get(CloudEventsMapping.TRACESTATE));
    }

    /** The context a stored trace stands for, as a parent; null when there is none. */
    static Context contextOf(TraceContext trace) {
        if (trace == null) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(4);
        carrier.put(CloudEventsMapping.TRACEPARENT, trace.traceparent());
        if (trace.tracestate() != null) {
            carrier.put(CloudEventsMapping.TRACESTATE, trace.tracestate());
        }
        Context context = W3C.extract(Context.root(), carrier, MAP);
        return Span.fromContext(context).getSpanContext().isValid() ? context : null;
    }

    /**
     * The span a command on a stream runs in: a child of the stream's trace when the stream has one
     * (linked to the caller's span), else of the caller's. Named after the command once it is known.
     */
    public Traced command(String streamId, TraceContext streamTrace) {
        Context streamContext = contextOf(streamTrace);
        SpanBuilder span = tracer.spanBuilder("command").setSpanKind(SpanKind.INTERNAL)
                .setAttribute("sidan.stream.id", streamId);
        if (streamContext != null) {
            span.setParent(streamContext);
            SpanContext caller = Span.current().getSpanContext();
            if (caller.isValid()) {
                span.addLink(caller);
            }
        }
        return Traced.start(span);
    }

    /** The spans of one batch the relay sends: one per traced event, from when it was recorded. */
    public Publishing publishing(List<StoredEvent> batch) {
        List<Span> spans = new ArrayList<>();
        for (StoredEvent e : batch) {
            Context parent = contextOf(e.trace());
            if (parent == null) {
                continue; // recorded while tracing was off
            }
            EventEnvelope envelope = e.envelope();
            spans.add(messaging(tracer.spanBuilder("send " + e.topic()), SpanKind.PRODUCER, "send", e.topic(), envelope)
                    .setParent(parent)
                    .setStartTimestamp(envelope.occurredAt())
                    .startSpan());
        }
        return new Publishing(spans);
    }

    /** The span a consumer handles one event in, as a child of the context the event was recorded in. */
    public Traced processing(String consumer, ReceivedEvent event) {
        SpanBuilder span = messaging(tracer.spanBuilder("process " + event.topic()), SpanKind.CONSUMER, "process",
                event.topic(), event.envelope())
                .setAttribute("messaging.consumer.group.name", consumer)
                .setAttribute("messaging.destination.partition.id", String.valueOf(event.partition()))
                .setAttribute("messaging.kafka.offset", event.offset());
        Context parent = contextOf(event.trace());
        span.setParent(parent != null ? parent : Context.root());
        return Traced.start(span);
    }

    /** The span of a poll's transaction: a new trace, linked to the context of every event in it. */
    public Traced batch(String consumer, List<ReceivedEvent> events) {
        SpanBuilder span = tracer.spanBuilder("process batch " + consumer).setSpanKind(SpanKind.CONSUMER)
                .setNoParent()
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.consumer.group.name", consumer)
                .setAttribute("messaging.batch.message_count", (long) events.size());
        for (ReceivedEvent e : events) {
            Context context = contextOf(e.trace());
            if (context != null) {
                span.addLink(Span.fromContext(context).getSpanContext());
            }
        }
        return Traced.start(span);
    }

    private static SpanBuilder messaging(SpanBuilder span, SpanKind kind, String operation, String topic, EventEnvelope e) {
        return span.setSpanKind(kind)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", operation)
                .setAttribute("messaging.destination.name", topic)
                .setAttribute("messaging.message.id", e.eventId().toString())
                .setAttribute("messaging.kafka.message.key", e.streamId())
                .setAttribute("cloudevents.event_id", e.eventId().toString())
                .setAttribute("cloudevents.event_type", e.type())
                .setAttribute("cloudevents.event_subject", e.streamId())
                .setAttribute("sidan.stream.version", e.streamVersion());
    }

    /** A started span, current until closed; closing ends it. */
    public static final class Traced implements AutoCloseable {

        private final Span span;
        private final Scope scope;

        private Traced(Span span) {
            this.span = span;
            this.scope = span.makeCurrent();
        }

        static Traced start(SpanBuilder builder) {
            return new Traced(builder.startSpan());
        }

        public void rename(String name) {
            span.updateName(name);
        }

        /** Marks the span as failed (it still ends on close). */
        public void failed(Throwable error) {
            span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
            span.recordException(error);
        }

        @Override
        public void close() {
            scope.close();
            span.end();
        }
    }

    /** The send spans of one batch, ended when the broker acknowledged it or the send failed. */
    public static final class Publishing {

        private final List<Span> spans;

        private Publishing(List<Span> spans) {
            this.spans = spans;
        }

        public void acknowledged(Instant at) {
            spans.forEach(s -> s.end(at));
        }

        public void failed(Throwable error, Instant at) {
            for (Span s : spans) {
                s.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
                s.recordException(error);
                s.end(at);
            }
        }
    }
}
