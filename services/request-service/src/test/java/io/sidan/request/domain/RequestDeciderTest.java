package io.sidan.request.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.sidan.contracts.events.CaseEvent;
import io.sidan.contracts.events.Channel;
import io.sidan.contracts.events.DispatchMode;
import io.sidan.contracts.events.ErasureCause;
import io.sidan.contracts.events.Location;
import io.sidan.contracts.events.RequestEvent;
import io.sidan.contracts.events.SlaTargets;
import io.sidan.contracts.events.Urgency;
import io.sidan.testing.DeciderSpec;
import org.junit.jupiter.api.Test;

/** The rules of a request (RequestDecider) as given / when / then; docs/rules.md links here. */
class RequestDeciderTest {

    static final String ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    static final Duration WINDOW = Duration.ofDays(30);
    static final SlaTargets SLA = new SlaTargets(30, 240, 4320);

    static final DeciderSpec<RequestLifecycle, RequestCommand, RequestEvent> REQUEST = DeciderSpec.of(RequestDecider.DECIDER);

    static RequestCommand.Submit submit() {
        return new RequestCommand.Submit(ID, "resident-1", "王大妈", Channel.APP, "ELDERLY_CARE", "HAIRCUT", "上门理发",
                "行动不便", new Location("G-1", "和平里3号楼", null, null), Urgency.NORMAL, "13912345678", null, SLA);
    }

    static RequestEvent submitted() {
        return new RequestEvent.Submitted(ID, "resident-1", "王大妈", Channel.APP, "ELDERLY_CARE", "HAIRCUT", "上门理发",
                "行动不便", new Location("G-1", "和平里3号楼", null, null), Urgency.NORMAL, "13912345678", null, SLA);
    }

    /** What the dispatch service reported, folded into the lifecycle as the request service folds it. */
    static java.util.function.UnaryOperator<RequestLifecycle> dispatch(Instant at, CaseEvent... events) {
        return lifecycle -> {
            CaseProgress progress = lifecycle.dispatch();
            for (CaseEvent e : events) {
                progress = progress.evolve(e, at);
            }
            return lifecycle.with(progress);
        };
    }

    static CaseEvent[] servedAndCompleted(int round) {
        return new CaseEvent[] {new CaseEvent.Assigned(ID, "red-vest", DispatchMode.DIRECTIVE, DeciderSpec.START.plusSeconds(3600), 1, null),
                new CaseEvent.Accepted(ID, "red-vest", DispatchMode.DIRECTIVE, 1), new CaseEvent.ServiceStarted(ID, "red-vest"),
                new CaseEvent.ServiceCompleted(ID, "red-vest", "理好了", List.of(), List.of(), "resident-1", "ELDERLY_CARE", "G-1", round)};
    }

    @Test
    void aRequestIsSubmittedOnce() {
        REQUEST.given().when(submit()).thenEmits(submitted());
        REQUEST.given(submitted()).when(submit()).thenRejects("already exists");
    }

    @Test
    void aRequestNotYetCompletedCanBeCancelledWithItsReason() {
        REQUEST.given(submitted()).when(new RequestCommand.Cancel("已自行解决")).thenEmits(new RequestEvent.Cancelled(ID, "已自行解决"));
        var accepted = REQUEST.given(submitted()).with(dispatch(DeciderSpec.START, servedAndCompleted(1)[0], servedAndCompleted(1)[1]));
        assertThat(accepted.state().status()).isEqualTo(RequestStatus.ACCEPTED);
        accepted.when(new RequestCommand.Cancel("不需要了")).thenEmits(new RequestEvent.Cancelled(ID, "不需要了"));
    }

    @Test
    void aCompletedOrCancelledRequestCannotBeCancelled() {
        var completed = REQUEST.given(submitted()).with(dispatch(DeciderSpec.START, servedAndCompleted(1)));
        assertThat(completed.when(new RequestCommand.Cancel("晚了")).thenRejects("cannot be cancelled").currentStatus())
                .isEqualTo("COMPLETED");
        REQUEST.given(submitted(), new RequestEvent.Cancelled(ID, "x")).when(new RequestCommand.Cancel("again"))
                .thenRejects("CANCELLED");
    }

    @Test
    void aCompletedRequestIsReopenedWithinTheFollowUpWindowAndCountsItsReopens() {
        Instant completedAt = Instant.parse("2026-03-06T10:00:00Z");
        var completed = REQUEST.given(submitted()).with(dispatch(completedAt, servedAndCompleted(1)));
        completed.when(new RequestCommand.Reopen("没理干净", completedAt.plus(WINDOW), WINDOW))
                .thenEmits(new RequestEvent.Reopened(ID, "没理干净", 1));
        completed.when(new RequestCommand.Reopen("太晚了", completedAt.plus(WINDOW).plusSeconds(1), WINDOW))
                .thenRejects("follow-up window of 30 days");
        var reopenedAndCompletedAgain = completed.and(new RequestEvent.Reopened(ID, "没理干净", 1))
                .with(dispatch(completedAt, new CaseEvent.Reopened(ID, "没理干净", 1, 0)))
                .with(dispatch(completedAt.plusSeconds(7200), servedAndCompleted(2)));
        reopenedAndCompletedAgain.when(new RequestCommand.Reopen("还是不行", completedAt.plusSeconds(7200), WINDOW))
                .thenEmits(new RequestEvent.Reopened(ID, "还是不行", 2));
    }

    @Test
    void onlyACompletedRequestCanBeReopened() {
        REQUEST.given(submitted()).when(new RequestCommand.Reopen("?", DeciderSpec.START, WINDOW))
                .thenRejects("only completed requests can");
    }

    @Test
    void aRoundIsClosedOnceWhenItsRatingIsFinalAndALateFinalizationOfAnEarlierRoundChangesNothing() {
        var completed = REQUEST.given(submitted()).with(dispatch(DeciderSpec.START, servedAndCompleted(1)));
        completed.when(new RequestCommand.Close(1, 4.5)).thenEmits(new RequestEvent.Closed(ID, 1, 4.5));
        completed.and(new RequestEvent.Closed(ID, 1, 4.5)).when(new RequestCommand.Close(1, 4.5)).thenNothingHappens();
        var reopened = completed.and(new RequestEvent.Reopened(ID, "回头看", 1));
        reopened.when(new RequestCommand.Close(1, 4.5)).thenNothingHappens();
    }

    @Test
    void anEndedRequestsPersonalDataIsErasedOnceAndAnOpenOneIsRefused() {
        var erase = new RequestCommand.ErasePersonalData(ErasureCause.ERASURE_REQUEST, "erasure-1");
        REQUEST.given(submitted()).when(erase).thenRejects("is still open");
        var completed = REQUEST.given(submitted()).with(dispatch(DeciderSpec.START, servedAndCompleted(1)));
        completed.when(erase).thenRejects("is still open");
        var closed = completed.and(new RequestEvent.Closed(ID, 1, 4.5));
        closed.when(erase).thenEmits(new RequestEvent.PersonalDataErased(ID, ErasureCause.ERASURE_REQUEST, "erasure-1"));
        REQUEST.given(submitted(), new RequestEvent.Cancelled(ID, "x"))
                .when(new RequestCommand.ErasePersonalData(ErasureCause.RETENTION, null))
                .thenEmits(new RequestEvent.PersonalDataErased(ID, ErasureCause.RETENTION, null));
        closed.and(new RequestEvent.PersonalDataErased(ID, ErasureCause.RETENTION, null)).when(erase).thenNothingHappens();
    }

    @Test
    void aRequestWhosePersonalDataWasErasedCannotBeReopened() {
        Instant completedAt = Instant.parse("2026-03-06T10:00:00Z");
        REQUEST.given(submitted()).with(dispatch(completedAt, servedAndCompleted(1)))
                .and(new RequestEvent.Closed(ID, 1, 4.5), new RequestEvent.PersonalDataErased(ID, ErasureCause.ERASURE_REQUEST, "e"))
                .when(new RequestCommand.Reopen("没理干净", completedAt.plusSeconds(60), WINDOW))
                .thenRejects("personal data of this request was erased");
    }
}
