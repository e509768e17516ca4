package io.sidan.kit.api;

import jakarta.ws.rs.container.ContainerRequestContext;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.sidan.contracts.domain.Ids;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.eventing.consumer.EventHandler;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every log line written while a request is handled carries its correlation id and, when the path
 * names one, the request id ({@code correlationId}, {@code requestId} in the MDC: fields of the JSON
 * log lines in the cluster). The correlation id is the caller's {@code X-Correlation-Id} or a new one,
 * and it is the one the command's events carry ({@link CorrelationIds#from}). A consumer's lines carry
 * the handled event's correlation id and, when its stream is a request's, the request id
 * ({@link #aroundEvents}). With tracing on, the lines also carry {@code traceId} and {@code spanId}:
 * Quarkus puts them there for HTTP requests, {@link #aroundEvents} for consumers.
 */
public class LogContext {

    public static final String CORRELATION_ID = "correlationId";
    public static final String REQUEST_ID = "requestId";
    /** The names Quarkus' OpenTelemetry extension gives them on HTTP requests. */
    public static final String TRACE_ID = "traceId";
    public static final String SPAN_ID = "spanId";

    @ServerRequestFilter
    public void enter(ContainerRequestContext request) {
        MDC.put(CORRELATION_ID, CorrelationIds.from(request.getHeaderString(CorrelationIds.HEADER)));
        var path = request.getUriInfo().getPathParameters();
        for (String name : new String[] {"id", "requestId"}) {
            String value = path.getFirst(name);
            if (Ids.isUuid(value)) {
                MDC.put(REQUEST_ID, value);
            }
        }
    }

    @ServerResponseFilter
    public void leave() {
        MDC.remove(CORRELATION_ID);
        MDC.remove(REQUEST_ID);
    }

    /** The handler with the event's correlation id and request id in the MDC while it runs. */
    public static EventHandler aroundEvents(EventHandler handler) {
        return (connection, event) -> {
            EventEnvelope envelope = event.envelope();
            if (envelope.correlationId() != null) {
                MDC.put(CORRELATION_ID, envelope.correlationId());
            }
            if (Ids.isUuid(envelope.streamId())) {
                MDC.put(REQUEST_ID, envelope.streamId());
            }
            // the consumer runs the handler in the event's process span (when tracing is on)
            SpanContext span = Span.current().getSpanContext();
            if (span.isValid()) {
                MDC.put(TRACE_ID, span.getTraceId());
                MDC.put(SPAN_ID, span.getSpanId());
            }
            try {
                handler.handle(connection, event);
            } finally {
                MDC.remove(CORRELATION_ID);
                MDC.remove(REQUEST_ID);
                MDC.remove(TRACE_ID);
                MDC.remove(SPAN_ID);
            }
        };
    }
}
