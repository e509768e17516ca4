package io.sidan.eventing.store;

import java.util.Objects;

import io.sidan.contracts.envelope.Actor;

/**
 * Who and why, recorded with every event of one append: the actor, the conversation (correlation id)
 * and the event or command that caused it (causation id).
 */
public record EventMetadata(Actor actor, String correlationId, String causationId) {

    public EventMetadata {
        Objects.requireNonNull(actor, "actor");
    }

    public static EventMetadata by(Actor actor) {
        return new EventMetadata(actor, null, null);
    }
}
