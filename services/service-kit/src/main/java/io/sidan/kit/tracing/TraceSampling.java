package io.sidan.kit.tracing;

import java.util.List;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

/**
 * Which spans are recorded when tracing is on: everything that belongs to a request's trace, and no
 * database statement that belongs to none. Without this, every poll of the outbox relay and the
 * deadline clocks, every metrics gauge's query and the start-up migrations would each be a trace of
 * one {@code SELECT}: thousands an hour, nothing a person follows. A child span follows its parent's
 * decision, as with the default {@code parentbased_always_on}. Quarkus uses a {@link Sampler} bean in
 * place of {@code quarkus.otel.traces.sampler}.
 */
public class TraceSampling {

    @Produces
    @Singleton
    Sampler sampler() {
        return Sampler.parentBased(new NoLoneStatements());
    }

    /** For spans without a parent: drops client spans (a statement outside any request), keeps the rest. */
    static final class NoLoneStatements implements Sampler {

        @Override
        public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
                                           Attributes attributes, List<LinkData> parentLinks) {
            if (spanKind == SpanKind.CLIENT && !Span.fromContext(parentContext).getSpanContext().isValid()) {
                return SamplingResult.drop();
            }
            return SamplingResult.recordAndSample();
        }

        @Override
        public String getDescription() {
            return "NoLoneStatements";
        }
    }
}
