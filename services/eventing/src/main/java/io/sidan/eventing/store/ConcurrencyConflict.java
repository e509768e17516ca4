package io.sidan.eventing.store;

/**
 * The stream is not at the version the writer expected: someone else appended first. Services answer
 * 409 (or 412 when the expected version came from an {@code If-Match} header).
 */
public class ConcurrencyConflict extends RuntimeException {

    private final String streamId;
    private final long expectedVersion;
    private final long actualVersion;

    public ConcurrencyConflict(String streamId, long expectedVersion, long actualVersion) {
        super("stream " + streamId + " is at version " + actualVersion + ", not " + expectedVersion);
        this.streamId = streamId;
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    public String streamId() {
        return streamId;
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    /** The version seen when the conflict was detected; -1 when it could not be read. */
    public long actualVersion() {
        return actualVersion;
    }
}
