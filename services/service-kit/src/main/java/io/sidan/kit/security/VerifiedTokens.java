package io.sidan.kit.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens verified lately, with what their verification gave: each is recalled until it expires, and for at
 * most {@code maxAge} after it was verified; at most {@code maxEntries} are kept (when full, the expired go, and if
 * that is not enough, all). Thread-safe.
 */
public final class VerifiedTokens<T> {

    private record Verified<T>(T value, Instant until) {
    }

    private final ConcurrentHashMap<String, Verified<T>> tokens = new ConcurrentHashMap<>();
    private final Duration maxAge;
    private final int maxEntries;
    private final Clock clock;

    /** @param clock the time tokens expire by: the real time, as the identity provider's check uses */
    public VerifiedTokens(Duration maxAge, int maxEntries, Clock clock) {
        this.maxAge = maxAge;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /** Whether tokens are remembered at all (a max-age of zero turns it off). */
    public boolean enabled() {
        return maxAge.isPositive() && maxEntries > 0;
    }

    /** Remembers a token verified just now that expires at {@code expiresAt}. */
    public void remember(String token, T value, Instant expiresAt) {
        Instant now = clock.instant();
        Instant until = now.plus(maxAge);
        if (expiresAt.isBefore(until)) {
            until = expiresAt;
        }
        if (!enabled() || !until.isAfter(now)) {
            return;
        }
        if (tokens.size() >= maxEntries) {
            tokens.values().removeIf(v -> !v.until().isAfter(now));
            if (tokens.size() >= maxEntries) {
                tokens.clear();
            }
        }
        tokens.put(token, new Verified<>(value, until));
    }

    /** What a token's verification gave, while it is remembered. */
    public Optional<T> recall(String token) {
        Verified<T> verified = tokens.get(token);
        if (verified == null) {
            return Optional.empty();
        }
        if (!verified.until().isAfter(clock.instant())) {
            tokens.remove(token, verified);
            return Optional.empty();
        }
        return Optional.of(verified.value());
    }

    /** How many tokens are remembered now (expired ones may still count until they are looked up or purged). */
    public int size() {
        return tokens.size();
    }
}
