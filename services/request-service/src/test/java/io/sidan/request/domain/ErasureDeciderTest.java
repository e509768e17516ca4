package io.sidan.request.domain;

import java.util.List;

import io.sidan.contracts.events.ErasureEvent;
import io.sidan.testing.DeciderSpec;
import org.junit.jupiter.api.Test;

/** An erasure request's rules (ErasureDecider): asked once, then approved or rejected once. */
class ErasureDeciderTest {

    static final DeciderSpec<ErasureDecider.State, ErasureCommand, ErasureEvent> ERASURE = DeciderSpec.of(ErasureDecider.DECIDER);
    static final ErasureEvent.Requested ASKED = new ErasureEvent.Requested("erasure-1", "resident-1", null, "moving away");

    @Test
    void aResidentAsksOnce() {
        ERASURE.given().when(new ErasureCommand.Ask("erasure-1", "resident-1", null, "moving away")).thenEmits(ASKED);
        ERASURE.given(ASKED).when(new ErasureCommand.Ask("erasure-1", "resident-1", null, "again")).thenRejects("already exists");
    }

    @Test
    void anAdminApprovesWithTheRequestsItCoversAndARetryChangesNothing() {
        ERASURE.given(ASKED).when(new ErasureCommand.Approve(List.of("r-1", "r-2")))
                .thenEmits(new ErasureEvent.Approved("erasure-1", List.of("r-1", "r-2")));
        ERASURE.given(ASKED, new ErasureEvent.Approved("erasure-1", List.of("r-1"))).when(new ErasureCommand.Approve(List.of("r-1")))
                .thenNothingHappens();
        ERASURE.given(ASKED, new ErasureEvent.Approved("erasure-1", List.of("r-1"))).when(new ErasureCommand.Reject("no"))
                .thenRejects("was approved");
    }

    @Test
    void anAdminRejectsSayingWhyAndCannotApproveAfterwards() {
        ERASURE.given(ASKED).when(new ErasureCommand.Reject("records under review"))
                .thenEmits(new ErasureEvent.Rejected("erasure-1", "records under review"));
        ERASURE.given(ASKED, new ErasureEvent.Rejected("erasure-1", "x")).when(new ErasureCommand.Approve(List.of()))
                .thenRejects("was rejected");
    }

    @Test
    void nothingIsDecidedOnAMissingRequest() {
        ERASURE.given().when(new ErasureCommand.Approve(List.of())).thenRejects("no such erasure request");
        ERASURE.given().when(new ErasureCommand.Reject("x")).thenRejects("no such erasure request");
    }
}
