package io.sidan.contracts.envelope;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns the JSON of one event type at schema version {@code n} into version {@code n + 1}. Stored
 * events are never rewritten: old payloads are upcast when they are read.
 */
@FunctionalInterface
public interface Upcaster {

    ObjectNode upcast(ObjectNode payload);
}
