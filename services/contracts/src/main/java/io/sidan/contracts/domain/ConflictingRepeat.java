package io.sidan.contracts.domain;

/**
 * A command repeated under the same idempotency key with different content: neither the first answer
 * nor a new item is right. Services answer 422.
 */
public class ConflictingRepeat extends RuntimeException {

    public ConflictingRepeat(String message) {
        super(message);
    }
}
