package io.sidan.request.domain;

import static io.sidan.request.domain.RequestDeciderTest.ID;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.sidan.contracts.events.CaseEvent;
import io.sidan.contracts.events.DispatchMode;
import io.sidan.contracts.events.Party;
import io.sidan.contracts.events.RatingEvent;
import io.sidan.contracts.events.RejectionReason;
import io.sidan.contracts.events.RequestEvent;
import io.sidan.contracts.events.Scores;
import org.junit.jupiter.api.Test;

/**
 * The status a request shows (RequestLifecycle.status) from what the three services reported, whatever
 * order the topics delivered it in; docs/rules.md links here.
 */
class RequestLifecycleTest {

    static final Instant T = Instant.parse("2026-03-05T08:00:00Z");

    private static RequestLifecycle given(RequestLifecycle start, Object... events) {
        RequestLifecycle l = start;
        Instant at = T;
        for (Object e : events) {
            l = switch (e) {
                case RequestEvent r -> l.with(l.request().evolve(r, at));
                case CaseEvent c -> l.evolve(c, at);
                case RatingEvent r -> l.evolve(r, at);
                default -> throw new IllegalArgumentException(e.toString());
            };
            at = at.plusSeconds(60);
        }
        return l;
    }

    private static RequestLifecycle given(Object... events) {
        return given(RequestLifecycle.NONE, events);
    }

    static final RequestEvent SUBMITTED = RequestDeciderTest.submitted();
    static final CaseEvent ASSIGNED = new CaseEvent.Assigned(ID, "red-vest", DispatchMode.DIRECTIVE, T.plusSeconds(3600), 1, null);
    static final CaseEvent ACCEPTED = new CaseEvent.Accepted(ID, "red-vest", DispatchMode.DIRECTIVE, 1);
    static final CaseEvent STARTED = new CaseEvent.ServiceStarted(ID, "red-vest");

    static CaseEvent completed(int round) {
        return new CaseEvent.ServiceCompleted(ID, "red-vest", "好了", List.of(), List.of(), "resident-1", "ELDERLY_CARE", "G-1", round);
    }

    static RatingEvent sheetOpened(int round) {
        return new RatingEvent.Opened(ID, round, "red-vest", "resident-1", "ELDERLY_CARE", "G-1", List.of(Party.RESIDENT),
                T.plusSeconds(86_400 * 7), List.of());
    }

    static RatingEvent rated(int round) {
        return new RatingEvent.Submitted(ID, round, Party.RESIDENT, "resident-1", new Scores(5, 5, 5, 5), null);
    }

    static RatingEvent finalized(int round) {
        return new RatingEvent.Finalized(ID, round, "red-vest", 5.0, List.of(), List.of(), RatingEvent.FinalizationReason.ALL_RATED);
    }

    @Test
    void eachStepOfTheDispatchServiceShowsAsTheRequestsStatus() {
        assertThat(given(SUBMITTED).status()).isEqualTo(RequestStatus.SUBMITTED);
        assertThat(given(SUBMITTED, ASSIGNED).status()).isEqualTo(RequestStatus.DISPATCHED);
        assertThat(given(SUBMITTED, ASSIGNED, ACCEPTED).status()).isEqualTo(RequestStatus.ACCEPTED);
        assertThat(given(SUBMITTED, ASSIGNED, ACCEPTED, STARTED).status()).isEqualTo(RequestStatus.IN_SERVICE);
        assertThat(given(SUBMITTED, ASSIGNED, ACCEPTED, STARTED, completed(1)).status()).isEqualTo(RequestStatus.COMPLETED);
        assertThat(given(SUBMITTED, ASSIGNED, ACCEPTED, STARTED, completed(1), sheetOpened(1), rated(1)).status())
                .isEqualTo(RequestStatus.RATED);
        assertThat(given(SUBMITTED, ASSIGNED, ACCEPTED, STARTED, completed(1), sheetOpened(1), rated(1), finalized(1),
                new RequestEvent.Closed(ID, 1, 5.0)).status()).isEqualTo(RequestStatus.CLOSED);
    }

    @Test
    void theStatusDoesNotDependOnTheOrderTheTopicsDeliveredIn() {
        // the rating service's events may arrive before the dispatch service's completion
        RequestLifecycle ratingFirst = given(SUBMITTED, sheetOpened(1), rated(1), ASSIGNED, ACCEPTED, STARTED, completed(1));
        RequestLifecycle inOrder = given(SUBMITTED, ASSIGNED, ACCEPTED, STARTED, completed(1), sheetOpened(1), rated(1));
        assertThat(ratingFirst.status()).isEqualTo(inOrder.status()).isEqualTo(RequestStatus.RATED);
        // a rating alone never shows a request as rated before its service was completed
        assertThat(given(SUBMITTED, ASSIGNED, ACCEPTED, sheetOpened(1), rated(1)).status()).isEqualTo(RequestStatus.ACCEPTED);
    }

    @Test
    void aReopenedRequestShowsReopenedUntilDispatchServesTheNewRound() {
        RequestLifecycle firstRound = given(SUBMITTED, ASSIGNED, ACCEPTED, STARTED, completed(1), sheetOpened(1), rated(1));
        RequestLifecycle reopened = given(firstRound, new RequestEvent.Reopened(ID, "没修好", 1));
        assertThat(reopened.status()).isEqualTo(RequestStatus.REOPENED);
        RequestLifecycle backInQueue = given(reopened, new CaseEvent.Reopened(ID, "没修好", 1, 0));
        assertThat(backInQueue.status()).isEqualTo(RequestStatus.REOPENED);
        assertThat(given(backInQueue, ASSIGNED).status()).isEqualTo(RequestStatus.DISPATCHED);
        assertThat(given(backInQueue, ASSIGNED, ACCEPTED, STARTED, completed(2)).status()).isEqualTo(RequestStatus.COMPLETED);
    }

    @Test
    void aLateFinalizationOfAnEarlierRoundDoesNotRateTheNewOne() {
        RequestLifecycle secondRound = given(SUBMITTED, ASSIGNED, ACCEPTED, STARTED, completed(1), sheetOpened(1), rated(1),
                new RequestEvent.Reopened(ID, "回头看", 1), new CaseEvent.Reopened(ID, "回头看", 1, 0), sheetOpened(2),
                ASSIGNED, ACCEPTED, STARTED, completed(2));
        assertThat(given(secondRound, finalized(1)).status()).isEqualTo(RequestStatus.COMPLETED);
        assertThat(given(secondRound, finalized(1), new RequestEvent.Closed(ID, 1, 5.0)).status()).isEqualTo(RequestStatus.COMPLETED);
        assertThat(given(secondRound, finalized(2)).status()).isEqualTo(RequestStatus.RATED);
    }

    @Test
    void cancelledAndRejectedRequestsSaySo() {
        assertThat(given(SUBMITTED, ASSIGNED, new RequestEvent.Cancelled(ID, "不需要了")).status()).isEqualTo(RequestStatus.CANCELLED);
        assertThat(given(SUBMITTED, new CaseEvent.Rejected(ID, RejectionReason.OUTSIDE_SERVICE_AREA, "外区", null)).status())
                .isEqualTo(RequestStatus.REJECTED);
    }
}
