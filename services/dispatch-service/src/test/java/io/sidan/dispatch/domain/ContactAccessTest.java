package io.sidan.dispatch.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class ContactAccessTest {

    private static final Instant NOW = Instant.parse("2026-12-01T02:00:00Z");
    private static final Duration THREE_DAYS = Duration.ofDays(3);

    @Test
    void theServingTeamSeesTheContactFromAcceptanceThroughService() {
        assertThat(ContactAccess.teamMaySee("red", "red", "ASSIGNED", null, NOW, THREE_DAYS)).isFalse();
        assertThat(ContactAccess.teamMaySee("red", "red", "ACCEPTED", null, NOW, THREE_DAYS)).isTrue();
        assertThat(ContactAccess.teamMaySee("red", "red", "IN_SERVICE", null, NOW, THREE_DAYS)).isTrue();
    }

    @Test
    void afterCompletionOnlyUntilTheFollowUpTimeHasPassed() {
        assertThat(ContactAccess.teamMaySee("red", "red", "COMPLETED", NOW.minus(THREE_DAYS).plusSeconds(1), NOW, THREE_DAYS)).isTrue();
        assertThat(ContactAccess.teamMaySee("red", "red", "COMPLETED", NOW.minus(THREE_DAYS), NOW, THREE_DAYS)).isFalse();
    }

    @Test
    void anotherTeamOrAnOfferedOneNeverDoes() {
        assertThat(ContactAccess.teamMaySee("blue", "red", "IN_SERVICE", null, NOW, THREE_DAYS)).isFalse();
        assertThat(ContactAccess.teamMaySee("blue", null, "OFFERED", null, NOW, THREE_DAYS)).isFalse();
    }
}
