package io.sidan.kit.api;

import jakarta.ws.rs.container.ContainerRequestContext;

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
 * ({@link #aroundEvents}).
 */
public class LogContext {

    public static final String CORRELATION_ID = "correlationId";
    public static final String REQUEST_ID = "requestId";

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
            try {
                handler.handle(connection, event);
            } finally {
                MDC.remove(CORRELATION_ID);
                MDC.remove(REQUEST_ID);
            }
        };
    }
}
