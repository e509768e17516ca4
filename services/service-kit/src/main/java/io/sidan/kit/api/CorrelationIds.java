package io.sidan.kit.api;

import java.util.UUID;

import org.jboss.logging.MDC;

/**
 * The correlation id of a command: the caller's {@code X-Correlation-Id} when it sent one, else the one
 * {@link LogContext} made for this HTTP request (so log lines and events agree), else a new one. Every
 * event the command causes, here and in other services, carries it.
 */
public final class CorrelationIds {

    public static final String HEADER = "X-Correlation-Id";

    private CorrelationIds() {
    }

    public static String from(String header) {
        if (header == null || header.isBlank()) {
            Object current = MDC.get(LogContext.CORRELATION_ID);
            return current != null ? current.toString() : UUID.randomUUID().toString();
        }
        return header.trim();
    }
}
