package io.sidan.contracts.envelope;

/**
 * The result of re-checking a stream's hash chain.
 *
 * @param streamId      the stream
 * @param checked       how many events were checked
 * @param valid         whether every link holds
 * @param brokenVersion the first version whose link is broken, or 0 when valid
 * @param problem       what is wrong with it, in words, or null when valid
 */
public record ChainVerification(String streamId, int checked, boolean valid, long brokenVersion, String problem) {

    public static ChainVerification ok(String streamId, int checked) {
        return new ChainVerification(streamId, checked, true, 0, null);
    }

    public static ChainVerification broken(String streamId, int checked, long version, String problem) {
        return new ChainVerification(streamId, checked, false, version, problem);
    }
}
