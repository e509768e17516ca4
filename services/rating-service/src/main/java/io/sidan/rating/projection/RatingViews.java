package io.sidan.rating.projection;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the rating API answers: sheets, flags, reputations and points as the read models hold them. */
public final class RatingViews {

    private RatingViews() {
    }

    @Schema(name = "PartyRating")
    public record PartyRating(String party, String raterName, int overall, int timeliness, int attitude, int quality,
                              String comment, Instant ratedAt) {
    }

    @Schema(name = "Flag", description = "A bad rating (overall 1 or 2) and its follow-up")
    public record Flag(String requestId, int round, String party, String teamId, int overall, String comment,
                       Instant flaggedAt, Instant followedUpAt, String followUpNote, Boolean reopenRequested) {
    }

    @Schema(name = "PastRound")
    public record PastRound(int round, String status, Double composite, String finalizationReason, Instant finalizedAt) {
    }

    @Schema(name = "RatingSheet")
    public record Sheet(String requestId, int round, String teamId,
                        @Schema(enumeration = {"OPEN", "FINAL"}) String status,
                        List<String> expectedParties, List<String> pendingParties, List<PartyRating> ratings,
                        Instant openedAt, Instant windowEndsAt, Instant finalizedAt,
                        @Schema(description = "Weighted composite of the parties that rated, once final", nullable = true)
                        Double composite,
                        @Schema(nullable = true, enumeration = {"ALL_RATED", "WINDOW_ENDED", "SUPERSEDED"}) String finalizationReason,
                        @Schema(description = "Expected parties that never rated: not counted as satisfied")
                        List<String> noResponse,
                        List<Flag> flags, List<PastRound> earlierRounds) {
    }

    @Schema(name = "Reputation")
    public record Reputation(String teamId,
                             @Schema(description = "Mean composite of the latest rated sheets; null before any", nullable = true)
                             Double score, int sampleSize, int windowSize, String howComputed, List<SheetScore> sheets) {
    }

    @Schema(name = "SheetScore")
    public record SheetScore(String requestId, int round, double composite, Instant finalizedAt) {
    }

    @Schema(name = "Points")
    public record Points(String volunteerId, String name, long balance, double hours, List<LedgerEntry> ledger,
                         String rule) {
    }

    @Schema(name = "LedgerEntry")
    public record LedgerEntry(String eventId, String requestId, int round, double hours, int points, String rule,
                              Instant awardedAt) {
    }
}
