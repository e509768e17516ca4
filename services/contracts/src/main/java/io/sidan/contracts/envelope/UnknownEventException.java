package io.sidan.contracts.envelope;

/** A payload that cannot be turned into a known event: bad JSON, a missing field, a newer schema. */
public class UnknownEventException extends RuntimeException {

    public UnknownEventException(String message) {
        super(message);
    }

    public UnknownEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
