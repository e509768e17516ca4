package io.sidan.eventing.store;

import java.util.List;

import io.sidan.contracts.envelope.EventEnvelope;

/** What an append wrote: the envelopes, and the stream's new version (the next expected version). */
public record AppendResult(List<EventEnvelope> appended, long newVersion) {
}
