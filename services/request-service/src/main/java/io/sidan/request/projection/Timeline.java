package io.sidan.request.projection;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A request's auditable stream: every event of every service, in causal order, each with its chain
 * hash and whether its stream's chain verifies up to it.
 */
public record Timeline(String requestId, boolean verified, List<StreamCheck> streams, List<Entry> entries,
                       @Schema(description = "Events verified in the chains but not shown to this caller "
                               + "(teams' internal notes are for dispatchers and admins only)") int withheld) {

    /** One stream's chain check: the request's own, the dispatch case's, the rating sheet's. */
    public record StreamCheck(String source, String streamId, int events, boolean valid, Long brokenVersion,
                              String problem) {
    }

    public record Entry(String eventId, String type, String source, long streamVersion, Instant occurredAt,
                        String actorRole, String actorName, String summary, String summaryEn, String hash,
                        String prevHash, boolean verified, String causationId, String correlationId,
                        @Schema(description = "An internal note of the team, shown to dispatchers and admins only")
                        boolean internal) {
    }
}
