package io.sidan.kit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The token buckets behind the per-user write limits, on a clock the test moves. */
class RateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RateLimiter threePerHour = new RateLimiter(3, Duration.ofHours(1), now::get);

    @Test
    void aWholeAllowanceMayBeSpentAtOnceThenOneComesBackEachShareOfThePeriod() {
        for (int i = 0; i < 3; i++) {
            assertThat(threePerHour.take("u")).isZero();
        }
        assertThat(threePerHour.take("u")).isEqualTo(Duration.ofMinutes(20));

        advance(Duration.ofMinutes(5));
        assertThat(threePerHour.take("u")).as("a refusal spends nothing").isEqualTo(Duration.ofMinutes(15));
        advance(Duration.ofMinutes(15));
        assertThat(threePerHour.take("u")).isZero();
        assertThat(threePerHour.take("u")).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void eachKeyHasItsOwnBucket() {
        for (int i = 0; i < 3; i++) {
            threePerHour.take("a");
        }
        assertThat(threePerHour.take("a")).isPositive();
        assertThat(threePerHour.take("b")).isZero();
    }

    @Test
    void aQuietKeyFillsUpToTheLimitAndNoFurther() {
        threePerHour.take("u");
        advance(Duration.ofDays(2));
        for (int i = 0; i < 3; i++) {
            assertThat(threePerHour.take("u")).isZero();
        }
        assertThat(threePerHour.take("u")).isPositive();
    }

    @Test
    void aLimitNeedsAPositiveCountAndPeriod() {
        assertThatThrownBy(() -> new RateLimiter(0, Duration.ofMinutes(1), now::get)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimiter(1, Duration.ZERO, now::get)).isInstanceOf(IllegalArgumentException.class);
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }
}
