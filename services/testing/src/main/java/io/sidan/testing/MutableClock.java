package io.sidan.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that tells the real time shifted by an offset the test controls, so deadlines, windows and
 * SLA clocks can be crossed without waiting. One instance per JVM, shared by the service under test
 * (through {@link TestClockProducer}) and the test.
 */
public final class MutableClock extends Clock {

    private static final MutableClock INSTANCE = new MutableClock();

    private volatile Duration offset = Duration.ZERO;

    private MutableClock() {
    }

    public static MutableClock get() {
        return INSTANCE;
    }

    /** Moves time forward (or back, with a negative duration). */
    public void advance(Duration by) {
        offset = offset.plus(by);
    }

    /** Makes the clock tell {@code instant} now (and go on from there). */
    public void setTo(Instant instant) {
        offset = Duration.between(Instant.now(), instant);
    }

    public void reset() {
        offset = Duration.ZERO;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(Clock.system(zone), offset);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }
}
