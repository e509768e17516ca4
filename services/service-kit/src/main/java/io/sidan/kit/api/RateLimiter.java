package io.sidan.kit.api;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-key limits of {@code limit} per {@code period}: a key may spend a whole period's allowance in a
 * burst, then gets one more each {@code period / limit}. The token bucket kept as one instant per key
 * (the generic cell rate algorithm), in whole nanoseconds so waits are exact. Pure (the time is given),
 * so it is tested without waiting.
 */
public final class RateLimiter {

    /** Keys kept before those with a full allowance (who have not written lately) are forgotten. */
    private static final int KEPT = 10_000;

    private final long interval;
    private final long burst;
    private final LongSupplier nanoTime;
    /** Per key, the moment its allowance would be whole again had nothing more been taken. */
    private final Map<String, Long> fullAt = new ConcurrentHashMap<>();

    public RateLimiter(int limit, Duration period, LongSupplier nanoTime) {
        if (limit <= 0 || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("a rate limit needs a positive limit and period");
        }
        this.interval = period.toNanos() / limit;
        this.burst = period.toNanos() - interval;
        this.nanoTime = nanoTime;
    }

    /** Takes one for this key: {@link Duration#ZERO} when it may go ahead, else how long until it may. */
    public Duration take(String key) {
        long now = nanoTime.getAsLong();
        if (fullAt.size() > KEPT) {
            fullAt.values().removeIf(at -> at - now <= 0);
        }
        long[] wait = {0};
        fullAt.compute(key, (k, at) -> {
            long from = at == null || at - now < 0 ? now : at;
            if (from - now > burst) {
                wait[0] = from - burst - now;
                return at; // a refusal spends nothing
            }
            return from + interval;
        });
        return Duration.ofNanos(wait[0]);
    }
}
