package io.sidan.dispatch.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.sidan.contracts.events.CaseEvent;
import io.sidan.contracts.events.SlaTargets;
import io.sidan.contracts.events.Urgency;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    private static final CaseState CASE = CaseState.NONE.evolve(new CaseEvent.Opened("r", "u", "ELDERLY_CARE", "G-1",
            Urgency.NORMAL, "t", Instant.EPOCH, new SlaTargets(1, 1, 1)), Instant.EPOCH);

    private static Suggestions.Candidate candidate(String id, List<String> grids, int capacity, int open, Double reputation,
                                                   int declines) {
        return new Suggestions.Candidate(new TeamFacts(id, true, List.of("ELDERLY_CARE"), grids, capacity, open), id,
                reputation, reputation == null ? 0 : 10, declines);
    }

    @Test
    void theSameGridFreeCapacityAndReputationRankATeamHigherAndTheBreakdownSaysWhy() {
        List<Suggestions.Ranked> ranked = Suggestions.rank(CASE, List.of(
                candidate("far", List.of("G-9"), 4, 0, 5.0, 0),
                candidate("near", List.of("G-1"), 4, 2, 4.0, 0),
                candidate("near-busy-decliner", List.of("G-1"), 4, 3, 4.0, 2)));
        assertThat(ranked).extracting(Suggestions.Ranked::teamId).containsExactly("near", "near-busy-decliner", "far");
        Suggestions.Ranked near = ranked.get(0);
        assertThat(near.breakdown()).extracting(Suggestions.Factor::factor)
                .containsExactly("category", "grid", "capacity", "reputation", "recentDeclines");
        assertThat(near.breakdown()).extracting(Suggestions.Factor::points).containsExactly(0.0, 40.0, 10.0, 22.5, 0.0);
        assertThat(near.score()).isEqualTo(72.5);
        assertThat(ranked.get(1).score()).isEqualTo(40 + 5 + 22.5 - 10);
        assertThat(ranked.get(2).score()).isEqualTo(0 + 20 + 30);
    }

    @Test
    void aBetterReputationChangesTheOrder() {
        List<Suggestions.Candidate> before = List.of(candidate("a", List.of("G-1"), 2, 0, 3.0, 0),
                candidate("b", List.of("G-1"), 2, 0, null, 0));
        assertThat(Suggestions.rank(CASE, before).get(0).teamId()).isEqualTo("b"); // 4.0 assumed beats 3.0
        List<Suggestions.Candidate> after = List.of(candidate("a", List.of("G-1"), 2, 0, 4.8, 0),
                candidate("b", List.of("G-1"), 2, 0, null, 0));
        assertThat(Suggestions.rank(CASE, after).get(0).teamId()).isEqualTo("a");
    }

    @Test
    void ineligibleTeamsComeLastWithTheirReasons() {
        Suggestions.Candidate legal = new Suggestions.Candidate(new TeamFacts("legal", true, List.of("LEGAL_AID"),
                List.of("G-1"), 3, 0), "legal", 5.0, 3, 0);
        Suggestions.Candidate full = candidate("full", List.of("G-1"), 1, 1, 5.0, 0);
        Suggestions.Candidate ok = candidate("ok", List.of(), 1, 0, 1.0, 4);
        List<Suggestions.Ranked> ranked = Suggestions.rank(CASE, List.of(legal, full, ok));
        // the eligible team first, however low its score; then the ineligible ones by score
        assertThat(ranked).extracting(Suggestions.Ranked::teamId).containsExactly("ok", "legal", "full");
        assertThat(ranked.get(0).eligible()).isTrue();
        assertThat(ranked.get(1).ineligibleBecause()).containsExactly("does not serve ELDERLY_CARE");
        assertThat(ranked.get(2).ineligibleBecause()).containsExactly("at capacity (1/1)");
    }
}
