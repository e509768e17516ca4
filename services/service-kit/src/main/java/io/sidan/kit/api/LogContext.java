package io.sidan.kit.api;

import jakarta.ws.rs.container.ContainerRequestContext;

import io.sidan.contracts.domain.Ids;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every log line written while a request is handled carries its correlation id and, when the path
 * names one, the request id ({@code correlationId}, {@code requestId} in the MDC: fields of the JSON
 * log lines in the cluster). The correlation id is the caller's {@code X-Correlation-Id} or a new one,
 * and it is the one the command's events carry ({@link CorrelationIds#from}).
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
}
