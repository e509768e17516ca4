package io.sidan.eventing.command;

/**
 * The caller changed an item on the strength of a version it read ({@code If-Match}), and the item's
 * stream has moved on since: answered 412, nothing changed.
 */
public class StaleVersion extends RuntimeException {

    private final long expected;
    private final long current;

    public StaleVersion(String streamId, long expected, long current) {
        super("stream " + streamId + " is at version " + current + ", not " + expected);
        this.expected = expected;
        this.current = current;
    }

    public long expected() {
        return expected;
    }

    public long current() {
        return current;
    }
}
