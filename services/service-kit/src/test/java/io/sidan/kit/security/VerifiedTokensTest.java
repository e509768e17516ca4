package io.sidan.kit.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** Verified tokens are recalled until they expire and for at most the max age, and never beyond the size bound. */
class VerifiedTokensTest {

    static final Instant T0 = Instant.parse("2026-03-05T08:00:00Z");

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final TestClock clock = new TestClock();
    final VerifiedTokens<String> tokens = new VerifiedTokens<>(Duration.ofSeconds(60), 3, clock);

    @Test
    void aTokenIsRecalledUntilItExpires() {
        tokens.remember("a", "alice", T0.plusSeconds(30));
        assertThat(tokens.recall("a")).contains("alice");
        assertThat(tokens.recall("b")).isEmpty();
        clock.now = T0.plusSeconds(29);
        assertThat(tokens.recall("a")).contains("alice");
        clock.now = T0.plusSeconds(30);
        assertThat(tokens.recall("a")).as("at its expiry").isEmpty();
        assertThat(tokens.size()).isZero();
    }

    @Test
    void aLongLivedTokenIsRecalledForTheMaxAgeOnly() {
        tokens.remember("a", "alice", T0.plusSeconds(3600));
        clock.now = T0.plusSeconds(59);
        assertThat(tokens.recall("a")).contains("alice");
        clock.now = T0.plusSeconds(60);
        assertThat(tokens.recall("a")).isEmpty();
    }

    @Test
    void anExpiredTokenIsNotRemembered() {
        tokens.remember("a", "alice", T0);
        tokens.remember("b", "bob", T0.minusSeconds(1));
        assertThat(tokens.recall("a")).isEmpty();
        assertThat(tokens.recall("b")).isEmpty();
        assertThat(tokens.size()).isZero();
    }

    @Test
    void whenFullTheExpiredGoFirstThenAll() {
        tokens.remember("a", "alice", T0.plusSeconds(10));
        tokens.remember("b", "bob", T0.plusSeconds(100));
        tokens.remember("c", "carol", T0.plusSeconds(100));
        clock.now = T0.plusSeconds(10);
        tokens.remember("d", "dave", T0.plusSeconds(100)); // a has expired: it makes room
        assertThat(tokens.size()).isEqualTo(3);
        assertThat(tokens.recall("b")).contains("bob");
        assertThat(tokens.recall("d")).contains("dave");
        tokens.remember("e", "erin", T0.plusSeconds(100)); // nothing expired: all go
        assertThat(tokens.size()).isEqualTo(1);
        assertThat(tokens.recall("b")).isEmpty();
        assertThat(tokens.recall("e")).contains("erin");
    }

    @Test
    void aMaxAgeOfZeroRemembersNothing() {
        VerifiedTokens<String> off = new VerifiedTokens<>(Duration.ZERO, 3, clock);
        assertThat(off.enabled()).isFalse();
        off.remember("a", "alice", T0.plusSeconds(30));
        assertThat(off.recall("a")).isEmpty();
    }
}
