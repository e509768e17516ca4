package io.sidan.request.domain;

import java.util.List;

/** What can be asked of an erasure request. */
public sealed interface ErasureCommand {

    /**
     * Erase the personal data of the one request {@code requestId} when given, else of every request of
     * {@code residentId} (who asked, when a resident did).
     */
    record Ask(String erasureId, String residentId, String requestId, String reason) implements ErasureCommand {
    }

    /** An admin approves: {@code requestIds} are the requests it covers, found when it is approved. */
    record Approve(List<String> requestIds) implements ErasureCommand {
    }

    /** An admin rejects it, saying why. */
    record Reject(String reason) implements ErasureCommand {
    }
}
