package io.sidan.rating.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.sidan.contracts.events.Party;
import io.sidan.contracts.events.RatingEvent;
import io.sidan.contracts.events.Scores;
import io.sidan.contracts.events.VolunteerHours;
import io.sidan.contracts.domain.Rejection;
import org.junit.jupiter.api.Test;

/** 多元评单 rules as given (the sheet's history) / when (a command) / then (new events or a refusal). */
class SheetDeciderTest {

    static final String ID = "5b0f8a9e-3c1d-4f4e-9a57-2f1e8c6d7b10";
    static final Instant DONE = Instant.parse("2026-03-05T10:00:00Z");
    static final Instant LATER = DONE.plusSeconds(3600);
    static final RatingPolicy POLICY = RatingPolicy.DEFAULT;
    static final List<VolunteerHours> HOURS = List.of(new VolunteerHours("v-1", "张伟", 2.5), new VolunteerHours("v-2", "李娜", 1));

    private final List<RatingEvent> history = new ArrayList<>();

    static SheetCommand.Open open(int round) {
        return new SheetCommand.Open(ID, round, "red-vest", "resident-1", "ELDERLY_CARE", "G-1", HOURS, DONE);
    }

    static SheetCommand.Rate rate(Party party, int overall) {
        return rate(party, overall, LATER);
    }

    static SheetCommand.Rate rate(Party party, int overall, Instant at) {
        return new SheetCommand.Rate(party, party.name().toLowerCase(), new Scores(overall, overall, overall, overall), null, at);
    }

    private SheetState state() {
        SheetState s = SheetState.NONE;
        for (RatingEvent e : history) {
            s = SheetDecider.evolve(s, e, DONE);
        }
        return s;
    }

    /** Decides on the current history and records what was decided. */
    private List<RatingEvent> when(SheetCommand command) {
        List<RatingEvent> events = SheetDecider.decide(command, state(), POLICY);
        history.addAll(events);
        return events;
    }

    /** The sheet's past: what these commands decided. */
    private void given(SheetCommand... commands) {
        for (SheetCommand c : commands) {
            when(c);
        }
    }

    @Test
    void aCompletionOpensASheetExpectingResidentPlatformAndReviewer() {
        assertThat(when(open(1))).containsExactly(new RatingEvent.Opened(ID, 1, "red-vest", "resident-1", "ELDERLY_CARE", "G-1",
                List.of(Party.RESIDENT, Party.DISPATCHER, Party.REVIEWER), DONE.plus(POLICY.window()), HOURS));
        assertThat(when(open(1))).as("a redelivered completion").isEmpty();
    }

    @Test
    void withoutAResidentAccountOnlyThePlatformAndReviewerAreExpected() {
        List<RatingEvent> events = when(new SheetCommand.Open(ID, 1, "red-vest", null, "ELDERLY_CARE", "G-1", HOURS, DONE));
        assertThat(((RatingEvent.Opened) events.get(0)).expectedParties()).containsExactly(Party.DISPATCHER, Party.REVIEWER);
    }

    @Test
    void ratingBeforeCompletionIsRefused() {
        assertThatThrownBy(() -> when(rate(Party.RESIDENT, 5))).isInstanceOf(Rejection.class).hasMessageContaining("not completed")
                .satisfies(e -> assertThat(((Rejection) e).currentStatus()).isEqualTo("NOT_COMPLETED"));
    }

    @Test
    void eachPartyRatesOnce() {
        given(open(1), rate(Party.RESIDENT, 5));
        assertThatThrownBy(() -> when(rate(Party.RESIDENT, 4))).isInstanceOf(Rejection.class)
                .hasMessageContaining("rated this request already");
    }

    @Test
    void aBadRatingIsFlaggedAtOnce() {
        given(open(1));
        assertThat(when(rate(Party.RESIDENT, 2))).containsExactly(
                new RatingEvent.Submitted(ID, 1, Party.RESIDENT, "resident", new Scores(2, 2, 2, 2), null),
                new RatingEvent.Flagged(ID, 1, Party.RESIDENT, "resident", 2, null));
        assertThat(when(rate(Party.REVIEWER, 3))).hasSize(1);
    }

    @Test
    void whenEveryExpectedPartyRatedTheSheetIsFinalWithCompositeAndPoints() {
        given(open(1), rate(Party.RESIDENT, 5), rate(Party.TEAM, 1), rate(Party.DISPATCHER, 4));
        assertThat(state().finalized()).isFalse();
        List<RatingEvent> last = when(rate(Party.REVIEWER, 4));
        // resident 5 × 0.5 + platform 4 × 0.2 + reviewer 4 × 0.3 = 4.5; the team's own 1 never counts
        assertThat(last).contains(new RatingEvent.Finalized(ID, 1, "red-vest", 4.5, List.of(
                        new RatingEvent.PartyResult(Party.RESIDENT, 5, 0.5), new RatingEvent.PartyResult(Party.DISPATCHER, 4, 0.2),
                        new RatingEvent.PartyResult(Party.REVIEWER, 4, 0.3), new RatingEvent.PartyResult(Party.TEAM, 1, 0.0)),
                List.of(), RatingEvent.FinalizationReason.ALL_RATED));
        assertThat(last).contains(new RatingEvent.PointsAwarded(ID, 1, "v-1", "张伟", 2.5, 30, "2.5 h × 10 × 1.2 (composite 4.50)"),
                new RatingEvent.PointsAwarded(ID, 1, "v-2", "李娜", 1, 12, "1 h × 10 × 1.2 (composite 4.50)"));
        assertThatThrownBy(() -> when(rate(Party.TEAM, 3))).isInstanceOf(Rejection.class).hasMessageContaining("final");
    }

    @Test
    void whenTheWindowEndsTheSilentAreNoResponseNotSatisfied() {
        Instant end = DONE.plus(POLICY.window());
        given(open(1), rate(Party.DISPATCHER, 3));
        assertThat(when(new SheetCommand.CloseWindow(end.minusSeconds(1)))).isEmpty();
        assertThatThrownBy(() -> when(rate(Party.RESIDENT, 5, end))).isInstanceOf(Rejection.class).hasMessageContaining("window");
        List<RatingEvent> closed = when(new SheetCommand.CloseWindow(end));
        RatingEvent.Finalized f = (RatingEvent.Finalized) closed.get(0);
        assertThat(f.reason()).isEqualTo(RatingEvent.FinalizationReason.WINDOW_ENDED);
        assertThat(f.composite()).isEqualTo(3.0); // only the platform rated: its score alone, nothing invented
        assertThat(f.noResponse()).containsExactly(Party.RESIDENT, Party.REVIEWER);
        assertThat(closed).filteredOn(RatingEvent.PointsAwarded.class::isInstance).hasSize(2);
        assertThat(when(new SheetCommand.CloseWindow(end.plusSeconds(60)))).as("finalized once").isEmpty();
    }

    @Test
    void aSheetNobodyRatedHasNoCompositeAndPointsWithoutQualityBonus() {
        given(open(1));
        List<RatingEvent> closed = when(new SheetCommand.CloseWindow(DONE.plus(POLICY.window())));
        assertThat(((RatingEvent.Finalized) closed.get(0)).composite()).isNull();
        assertThat(closed.get(1)).isEqualTo(new RatingEvent.PointsAwarded(ID, 1, "v-1", "张伟", 2.5, 25, "2.5 h × 10 × 1.0 (no rating)"));
    }

    @Test
    void aNewRoundSupersedesAnOpenSheet() {
        given(open(1), rate(Party.RESIDENT, 2));
        List<RatingEvent> events = when(open(2));
        assertThat(((RatingEvent.Finalized) events.get(0)).reason()).isEqualTo(RatingEvent.FinalizationReason.SUPERSEDED);
        assertThat(events.get(events.size() - 1)).isInstanceOf(RatingEvent.Opened.class);
        assertThat(state().round()).isEqualTo(2);
        assertThat(state().finalized()).isFalse();
        assertThat(state().ratings()).isEmpty();
        assertThat(when(open(1))).as("a late first completion").isEmpty();
        assertThat(when(rate(Party.RESIDENT, 5))).hasSize(1); // the resident rates the new round afresh
    }

    @Test
    void aFollowUpNeedsABadRating() {
        given(open(1), rate(Party.RESIDENT, 3));
        assertThatThrownBy(() -> when(new SheetCommand.FollowUp("called", false))).isInstanceOf(Rejection.class);
        given(rate(Party.REVIEWER, 1));
        assertThat(when(new SheetCommand.FollowUp("已回访", true))).containsExactly(new RatingEvent.FollowedUp(ID, 1, "已回访", true));
    }

    @Test
    void pointsFollowTheQualityOfTheService() {
        assertThat(Scoring.points(2, 4.5, POLICY)).isEqualTo(24);
        assertThat(Scoring.points(2, 4.49, POLICY)).isEqualTo(20);
        assertThat(Scoring.points(2, 3.0, POLICY)).isEqualTo(16);
        assertThat(Scoring.points(2, 1.0, POLICY)).isEqualTo(10);
        assertThat(Scoring.points(2, null, POLICY)).isEqualTo(20);
        assertThat(Scoring.reputation(List.of(4.5, 3.5, 5.0))).isEqualTo(4.33);
    }
}
