package io.sidan.kit.api;

import java.util.UUID;

/**
 * The correlation id of a command: the caller's {@code X-Correlation-Id} when it sent one, else a new
 * one. Every event the command causes, here and in other services, carries it.
 */
public final class CorrelationIds {

    public static final String HEADER = "X-Correlation-Id";

    private CorrelationIds() {
    }

    public static String from(String header) {
        if (header == null || header.isBlank()) {
            return UUID.randomUUID().toString();
        }
        return header.trim();
    }
}
