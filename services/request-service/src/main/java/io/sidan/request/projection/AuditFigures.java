package io.sidan.request.projection;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The audit figures of one group of requests (a period, a category, a grid, a team, or all). */
@Schema(name = "AuditFigures")
public record AuditFigures(
        @Schema(description = "The group: a period such as 2026-03, a category, a grid or team id, or 'all'") String key,
        int submitted, int cancelled, int rejected, int resolved,
        @Schema(description = "Response rate: requests dispatched within their dispatch SLA / all submitted") Rate responseRate,
        @Schema(description = "Resolution rate (办结率): completed / (submitted − cancelled − rejected)") Rate resolutionRate,
        @Schema(description = "Satisfaction rate (满意率): ratings with overall ≥ 4 / ratings received (resident, platform "
                + "and reviewer; the team's own never counts). Parties that never rated are not in it: see noResponse.")
        Rate satisfactionRate,
        @Schema(description = "Expected ratings that never came (no response): excluded from satisfaction") int noResponse,
        @Schema(description = "Bad ratings (overall 1 or 2)") int badRatings,
        @Schema(description = "Bad ratings followed up (回访)") int followedUp,
        Latencies latencies, Slas sla, int declines, int expiries,
        @Schema(description = "Requests escalated at least once") int escalated,
        @Schema(description = "Requests supervised by admins (escalation level 2 or more, 督办)") int supervised,
        @Schema(description = "Reopens (回头看)") int reopens) {

    @Schema(name = "Rate")
    public record Rate(@Schema(description = "numerator / denominator, null when the denominator is 0", nullable = true)
                       Double value, int numerator, int denominator) {

        public static Rate of(int numerator, int denominator) {
            return new Rate(denominator == 0 ? null : Math.round(10000.0 * numerator / denominator) / 10000.0, numerator,
                    denominator);
        }
    }

    @Schema(name = "LatencyStats", description = "Seconds; percentiles by nearest rank (the smallest value with at least p% "
            + "of the values at or below it), each within 1 % of the exact value (from a mergeable sketch); count, mean and max exact")
    public record Stats(@Schema(description = "Exact") int count, @Schema(description = "Exact (to the millisecond)") Double mean,
                        @Schema(description = "Within 1 % of the exact median") Double p50,
                        @Schema(description = "Within 1 % of the exact 90th percentile") Double p90,
                        @Schema(description = "Within 1 % of the exact 99th percentile") Double p99,
                        @Schema(description = "Exact") Double max) {
    }

    @Schema(name = "Latencies")
    public record Latencies(
            @Schema(description = "Submitted → first assigned or offered") Stats dispatch,
            @Schema(description = "The accepted assignment → accepted") Stats accept,
            @Schema(description = "First assignment → accepted, over all attempts") Stats acceptTotal,
            @Schema(description = "Accepted → started on site") Stats arrive,
            @Schema(description = "Submitted → completed, without waiting on the resident or time after completion before a reopen")
            Stats resolution,
            @Schema(description = "Completed → rating final") Stats rating,
            @Schema(description = "Submitted → closed") Stats close) {
    }

    @Schema(name = "SlaClock", description = "A clock that stopped in time (met) or late, or that is past due now (breached)")
    public record Sla(int met, int breached, Rate onTime) {
    }

    @Schema(name = "SlaClocks")
    public record Slas(Sla dispatch, Sla accept, Sla complete) {
    }
}
