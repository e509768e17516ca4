package io.sidan.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import io.sidan.contracts.events.SlaTargets;
import org.junit.jupiter.api.Test;

/** The one definition of an SLA's due times, as dispatch, the audit and the console use them. */
class SlaTargetsTest {

    private final SlaTargets sla = new SlaTargets(30, 60, 1440);
    private final Instant submitted = Instant.parse("2026-03-05T08:30:00Z");

    @Test
    void anAssignmentMustBeAcceptedWithinTheAcceptTargetCountedFromTheWholeSecond() {
        assertThat(sla.acceptBy(Instant.parse("2026-03-05T09:00:07.900Z"))).isEqualTo(Instant.parse("2026-03-05T10:00:07Z"));
    }

    @Test
    void completionIsDueFromSubmissionOrFromALaterPreferredWindowOrFromTheReopening() {
        assertThat(sla.completeDue(submitted, null)).isEqualTo(Instant.parse("2026-03-06T08:30:00Z"));
        assertThat(sla.completeDue(submitted, Instant.parse("2026-03-05T06:00:00Z"))).as("a window already begun")
                .isEqualTo(Instant.parse("2026-03-06T08:30:00Z"));
        assertThat(sla.completeDue(submitted, Instant.parse("2026-03-07T09:00:00Z"))).isEqualTo(Instant.parse("2026-03-08T09:00:00Z"));
        assertThat(sla.completeDueAfterReopen(Instant.parse("2026-03-10T12:00:00Z"))).isEqualTo(Instant.parse("2026-03-11T12:00:00Z"));
    }
}
