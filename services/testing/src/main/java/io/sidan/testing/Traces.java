package io.sidan.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * For tests of a service's traces: a profile that switches tracing on ({@link On}), the in-memory
 * exporter Quarkus then exports every span to (inject {@link InMemorySpanExporter}), and a wait for a
 * span of a given trace. With tracing off (every other test) the exporter is never used.
 */
@Singleton
public class Traces {

    /** Tracing on, spans handed to the exporters at once rather than every 5 s. */
    public static class On implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false", "quarkus.otel.bsp.schedule.delay", "0.1s");
        }
    }

    /** Quarkus exports spans to every exporter bean. */
    @Produces
    @Singleton
    InMemorySpanExporter spans() {
        return InMemorySpanExporter.create();
    }

    /** Waits up to 20 s for a finished span of the trace (32 hex digits) that matches. */
    public static SpanData awaitSpan(InMemorySpanExporter spans, String traceId, Predicate<SpanData> which) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getTraceId().equals(traceId)).filter(which).findFirst().orElse(null), s -> s != null);
    }
}
