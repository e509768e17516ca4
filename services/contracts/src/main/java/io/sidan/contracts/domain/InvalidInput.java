package io.sidan.contracts.domain;

/**
 * A value the caller gave breaks a rule that holds whatever the item's state (an unknown category, a
 * window that ends before it starts); services answer 400 naming the field.
 */
public class InvalidInput extends RuntimeException {

    private final String field;

    public InvalidInput(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The input's path as the caller wrote it, such as {@code location.grid}. */
    public String field() {
        return field;
    }
}
