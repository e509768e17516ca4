package io.sidan.dispatch.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Ranks teams for a case, with the score broken down so a dispatcher sees why a team ranks where it
 * does. Eligible: active, serves the category, has free capacity, did not decline or let this case
 * expire. Points: same grid 40; free capacity up to 20 (share of capacity free); reputation up to 30
 * (score 1 → 0, 5 → 30; teams without ratings count as 4.0); minus 5 per decline in the last 30 days
 * (at most 20).
 */
public final class Suggestions {

    public static final double DEFAULT_REPUTATION = 4.0;

    private Suggestions() {
    }

    /** A team as ranking sees it. */
    public record Candidate(TeamFacts team, String name, Double reputation, int reputationSample, int recentDeclines) {
    }

    public record Factor(String factor, String value, double points, String explanation) {
    }

    public record Ranked(String teamId, String name, boolean eligible, double score, List<Factor> breakdown,
                         List<String> ineligibleBecause) {
    }

    /** Eligible teams first, best score first; then the ineligible ones with their reasons. */
    public static List<Ranked> rank(CaseState c, List<Candidate> candidates) {
        List<Ranked> ranked = new ArrayList<>();
        for (Candidate candidate : candidates) {
            TeamFacts t = candidate.team();
            List<String> reasons = new ArrayList<>();
            if (!t.active()) {
                reasons.add("paused");
            }
            if (!t.serves(c.category())) {
                reasons.add("does not serve " + c.category());
            }
            if (t.atCapacity()) {
                reasons.add("at capacity (" + t.openTasks() + "/" + t.capacity() + ")");
            }
            if (c.excludedTeams().contains(t.teamId())) {
                reasons.add("declined or let this case expire");
            }
            List<Factor> factors = new ArrayList<>();
            factors.add(new Factor("category", t.serves(c.category()) ? "match" : "no match", 0,
                    "serving the category is required"));
            boolean sameGrid = t.covers(c.grid());
            factors.add(new Factor("grid", sameGrid ? "same grid" : "other grid", sameGrid ? 40 : 0,
                    sameGrid ? "covers " + c.grid() : "does not cover " + c.grid()));
            int free = Math.max(0, t.capacity() - t.openTasks());
            double capacityPoints = t.capacity() == 0 ? 0 : round(20.0 * free / t.capacity());
            factors.add(new Factor("capacity", free + " of " + t.capacity() + " free", capacityPoints,
                    "up to 20 points for free capacity"));
            double reputation = candidate.reputation() == null ? DEFAULT_REPUTATION : candidate.reputation();
            double reputationPoints = round(30.0 * (reputation - 1) / 4);
            factors.add(new Factor("reputation", candidate.reputation() == null ? "no ratings yet (4.0 assumed)"
                    : String.format("%.2f over %d ratings", reputation, candidate.reputationSample()), reputationPoints,
                    "1 → 0, 5 → 30 points"));
            double declinePoints = 0.0 - Math.min(20, 5 * candidate.recentDeclines());
            factors.add(new Factor("recentDeclines", candidate.recentDeclines() + " in 30 days", declinePoints,
                    "5 points off per decline, at most 20"));
            double score = round(factors.stream().mapToDouble(Factor::points).sum());
            ranked.add(new Ranked(t.teamId(), candidate.name(), reasons.isEmpty(), score, factors, reasons));
        }
        ranked.sort(Comparator.comparing((Ranked r) -> !r.eligible()).thenComparing(Ranked::score, Comparator.reverseOrder())
                .thenComparing(Ranked::teamId));
        return ranked;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
