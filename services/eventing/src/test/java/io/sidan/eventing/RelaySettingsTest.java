package io.sidan.eventing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.sidan.eventing.outbox.RelaySettings;
import org.junit.jupiter.api.Test;

class RelaySettingsTest {

    final RelaySettings settings = new RelaySettings("test-service", 500, Duration.ofMillis(500), Duration.ofSeconds(5),
            Duration.ofMillis(40));

    @Test
    void aRelayThatSentMomentsAgoLingersForWhatIsLeftOfALingerSinceThatSend() {
        assertThat(settings.lingerAfter(Duration.ZERO)).isEqualTo(Duration.ofMillis(40));
        assertThat(settings.lingerAfter(Duration.ofMillis(15))).isEqualTo(Duration.ofMillis(25));
        assertThat(settings.lingerAfter(Duration.ofMillis(39))).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void aClockThatWentBackNeverMakesItWaitMoreThanALinger() {
        assertThat(settings.lingerAfter(Duration.ofDays(-400))).isEqualTo(Duration.ofMillis(40));
    }

    @Test
    void aRelayWokenAfterAQuietSpellOrBeforeItEverSentReadsAtOnce() {
        assertThat(settings.lingerAfter(Duration.ofMillis(40))).isZero();
        assertThat(settings.lingerAfter(Duration.ofMinutes(3))).isZero();
        assertThat(settings.lingerAfter(null)).isZero();
    }

    @Test
    void noLingerMeansNone() {
        RelaySettings none = new RelaySettings("test-service", 500, Duration.ofMillis(500), Duration.ofSeconds(5));
        assertThat(none.lingerAfter(Duration.ZERO)).isZero();
    }
}
