package io.sidan.request.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.sidan.contracts.envelope.Actor;
import io.sidan.contracts.envelope.EventCatalogue;
import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.events.CaseEvent;
import io.sidan.contracts.events.Channel;
import io.sidan.contracts.events.DispatchMode;
import io.sidan.contracts.events.Location;
import io.sidan.contracts.events.Party;
import io.sidan.contracts.events.RatingEvent;
import io.sidan.contracts.events.RequestEvent;
import io.sidan.contracts.events.Scores;
import io.sidan.contracts.events.SidanEvent;
import io.sidan.contracts.events.SlaTargets;
import io.sidan.contracts.events.TimeWindow;
import io.sidan.contracts.events.Urgency;
import io.sidan.contracts.events.VolunteerHours;
import io.sidan.eventing.store.StoredEvent;
import io.sidan.request.domain.AuditRecord;
import io.sidan.testing.StreamForge;
import org.junit.jupiter.api.Test;

/**
 * The fold a request's view keeps, given the other services' events one at a time, equals the fold of its whole
 * history; an event it cannot place is left to the whole history.
 */
class RequestFoldTest {

    static final EventCatalogue<SidanEvent> CATALOGUE = EventCatalogue.standard();
    static final Instant T0 = Instant.parse("2026-03-05T01:00:00Z");
    static final String ID = "r-fold";
    static final Actor ACTOR = new Actor("resident", "u-1", "u");

    final StreamForge request = new StreamForge("request-service", ID);
    final StreamForge dispatch = new StreamForge("dispatch-service", ID);
    final StreamForge rating = new StreamForge("rating-service", ID);
    final List<StoredEvent> own = new ArrayList<>();
    /** The other services' events in the order they were delivered: the two topics interleaved. */
    final List<EventEnvelope> delivered = new ArrayList<>();

    private static Instant at(int minutes) {
        return T0.plusSeconds(minutes * 60L);
    }

    private void own(RequestEvent event, int minutes) {
        own.add(new StoredEvent(own.size() + 1, "request-events", request.next(event, ACTOR, at(minutes), null)));
    }

    private void dispatch(CaseEvent event, int minutes) {
        delivered.add(dispatch.next(event, Actor.system("dispatch-service"), at(minutes), null));
    }

    private void rating(RatingEvent event, int minutes) {
        delivered.add(rating.next(event, Actor.system("rating-service"), at(minutes), null));
    }

    /** Two rounds: offered to two teams, one declines, accepted, completed, rated and flagged, reopened, expired, escalated, completed again. */
    private void twoRounds() {
        own(new RequestEvent.Submitted(ID, "u-1", "u", Channel.APP, "ELDERLY_CARE", null, "t", "d",
                new Location("G-1", "a", null, null), Urgency.NORMAL, "13912345678",
                new TimeWindow(at(30), at(90)), new SlaTargets(30, 60, 300)), 0);
        own(new RequestEvent.Reopened(ID, "再修", 1), 400);
        dispatch(new CaseEvent.Offered(ID, List.of("t-a", "t-b"), at(70), 1, null), 5);
        dispatch(new CaseEvent.Declined(ID, "t-a", "忙", 1), 8);
        dispatch(new CaseEvent.Accepted(ID, "t-b", DispatchMode.GRAB, 1), 12);
        dispatch(new CaseEvent.ServiceStarted(ID, "t-b"), 40);
        dispatch(new CaseEvent.ServiceCompleted(ID, "t-b", "ok", List.of(new VolunteerHours("v-1", "张伟", 1.0)), List.of(),
                "u-1", "ELDERLY_CARE", "G-1", 1), 120);
        rating(new RatingEvent.Opened(ID, 1, "t-b", "u-1", "ELDERLY_CARE", "G-1", List.of(Party.RESIDENT, Party.DISPATCHER),
                at(10_000), List.of()), 121);
        rating(new RatingEvent.Submitted(ID, 1, Party.RESIDENT, "u-1", new Scores(2, 2, 2, 2), "差"), 150);
        rating(new RatingEvent.Flagged(ID, 1, Party.RESIDENT, "u-1", 2, "差"), 150);
        dispatch(new CaseEvent.Reopened(ID, "再修", 1, 1, null, null), 401);
        rating(new RatingEvent.FollowedUp(ID, 1, "回访", true), 402);
        dispatch(new CaseEvent.Assigned(ID, "t-a", DispatchMode.AUTOMATIC, at(470), 2, null), 410);
        dispatch(new CaseEvent.AcceptExpired(ID, List.of("t-a"), at(470), 2), 470);
        dispatch(new CaseEvent.Escalated(ID, 2, "超时"), 470);
        dispatch(new CaseEvent.Assigned(ID, "t-b", DispatchMode.DIRECTIVE, at(540), 3, null), 475);
        dispatch(new CaseEvent.Accepted(ID, "t-b", DispatchMode.DIRECTIVE, 3), 480);
        rating(new RatingEvent.Opened(ID, 2, "t-b", "u-1", "ELDERLY_CARE", "G-1", List.of(Party.RESIDENT), at(20_000),
                List.of()), 481);
        rating(new RatingEvent.Submitted(ID, 2, Party.RESIDENT, "u-1", new Scores(5, 5, 5, 5), null), 482);
        rating(new RatingEvent.Finalized(ID, 2, "t-b", 5.0, List.of(), List.of(Party.DISPATCHER),
                RatingEvent.FinalizationReason.WINDOW_ENDED), 483);
    }

    private static RequestFold whole(List<StoredEvent> own, List<EventEnvelope> received) {
        return RequestFold.of(new RequestHistory(ID, own, received).decode(CATALOGUE));
    }

    private static AuditRecord figures(RequestFold fold) {
        return fold.clocks().record(fold.lifecycle().status(), null);
    }

    @Test
    void foldingEachReportedEventOntoTheKeptFoldEqualsFoldingTheWholeHistory() {
        twoRounds();
        RequestFold all = whole(own, delivered);
        assertThat(all.lifecycle().request().round()).isEqualTo(2);
        assertThat(figures(all).attempts()).extracting(AuditRecord.Attempt::outcome).containsExactly("ACCEPTED", "EXPIRED", "ACCEPTED");
        for (int kept = 0; kept <= delivered.size(); kept++) {
            // the row kept the fold of what had arrived so far, as JSON
            RequestFold fold = RequestFold.parse(whole(own, delivered.subList(0, kept)).json()).orElseThrow();
            for (EventEnvelope e : delivered.subList(kept, delivered.size())) {
                fold = fold.next(e, CATALOGUE.decode(e).orElseThrow()).orElseThrow();
            }
            assertThat(fold.json()).as("after %d kept", kept).isEqualTo(all.json());
            assertThat(fold.lifecycle()).isEqualTo(all.lifecycle());
            assertThat(figures(fold)).isEqualTo(figures(all));
        }
    }

    @Test
    void anEventThatFillsAGapInItsStreamIsLeftToTheWholeHistory() {
        twoRounds();
        List<EventEnvelope> cases = delivered.stream().filter(e -> e.source().equals("dispatch-service")).toList();
        // the second dispatch event arrived before the first
        RequestFold aheadOfAGap = whole(own, List.of(cases.get(1)));
        assertThat(aheadOfAGap.next(cases.get(0), CATALOGUE.decode(cases.get(0)).orElseThrow())).isEmpty();
        // an event already folded, and one of another stream of the same source
        RequestFold first = whole(own, List.of(cases.get(0)));
        assertThat(first.next(cases.get(0), CATALOGUE.decode(cases.get(0)).orElseThrow())).isEmpty();
        EventEnvelope otherStream = new StreamForge("dispatch-service", "another").next(
                new CaseEvent.ServiceStarted(ID, "t-b"), Actor.system("dispatch-service"), at(50), null);
        assertThat(first.next(otherStream, CATALOGUE.decode(otherStream).orElseThrow())).isEmpty();
        // after the gap the next ones fold on, as the whole history would order them
        RequestFold onTop = aheadOfAGap.next(cases.get(2), CATALOGUE.decode(cases.get(2)).orElseThrow()).orElseThrow();
        assertThat(onTop.json()).isEqualTo(whole(own, List.of(cases.get(1), cases.get(2))).json());
    }

    @Test
    void aKeptFoldOfAnotherShapeOrNoneIsNotUsed() {
        twoRounds();
        String json = whole(own, delivered).json();
        assertThat(RequestFold.parse(json)).isPresent();
        assertThat(RequestFold.parse(json.replace("\"format\":" + RequestFold.FORMAT, "\"format\":" + (RequestFold.FORMAT + 1))))
                .isEmpty();
        assertThat(RequestFold.parse(null)).isEmpty();
        assertThat(RequestFold.parse("{not json")).isEmpty();
    }
}
