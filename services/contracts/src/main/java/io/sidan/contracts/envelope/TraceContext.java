package io.sidan.contracts.envelope;

import java.util.regex.Pattern;

/**
 * Where an event was recorded in a distributed trace, in the W3C Trace Context form: stored with the
 * event and sent with it as the CloudEvents distributed-tracing extension ({@code ce_traceparent},
 * {@code ce_tracestate}). Operational data, not part of the event: the hash chain does not cover it.
 *
 * @param traceparent {@code 00-<trace id>-<span id>-<flags>}
 * @param tracestate  vendor entries, or null
 */
public record TraceContext(String traceparent, String tracestate) {

    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    public TraceContext {
        if (traceparent == null || !TRACEPARENT.matcher(traceparent).matches()) {
            throw new IllegalArgumentException("not a W3C traceparent: " + traceparent);
        }
        if (tracestate != null && tracestate.isBlank()) {
            tracestate = null;
        }
    }

    /** The context, or null when there is no well-formed {@code traceparent} (an untraced event). */
    public static TraceContext ofNullable(String traceparent, String tracestate) {
        return traceparent != null && TRACEPARENT.matcher(traceparent).matches() ? new TraceContext(traceparent, tracestate) : null;
    }

    /** The 32 hex digits of the trace id. */
    public String traceId() {
        return traceparent.substring(3, 35);
    }

    /** The 16 hex digits of the span the event was recorded in. */
    public String spanId() {
        return traceparent.substring(36, 52);
    }
}
