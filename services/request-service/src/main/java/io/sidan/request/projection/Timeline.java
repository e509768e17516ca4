package io.sidan.request.projection;

import java.time.Instant;
import java.util.List;

/**
 * A request's auditable stream: every event of every service, in causal order, each with its chain
 * hash and whether its stream's chain verifies up to it.
 */
public record Timeline(String requestId, boolean verified, List<StreamCheck> streams, List<Entry> entries) {

    /** One stream's chain check: the request's own, the dispatch case's, the rating sheet's. */
    public record StreamCheck(String source, String streamId, int events, boolean valid, Long brokenVersion,
                              String problem) {
    }

    public record Entry(String eventId, String type, String source, long streamVersion, Instant occurredAt,
                        String actorRole, String actorName, String summary, String summaryEn, String hash,
                        String prevHash, boolean verified, String causationId, String correlationId) {
    }
}
