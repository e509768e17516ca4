package io.sidan.contracts.domain;

/**
 * A decider refused a command because of the state the item is in (cancel after completion, accept
 * an offer someone else took). Plain domain code throws it; services answer 409 with the state named.
 */
public class Rejection extends RuntimeException {

    private final String currentStatus;

    public Rejection(String message, String currentStatus) {
        super(message);
        this.currentStatus = currentStatus;
    }

    public Rejection(String message) {
        this(message, null);
    }

    /** The item's status when it refused, or null. */
    public String currentStatus() {
        return currentStatus;
    }
}
