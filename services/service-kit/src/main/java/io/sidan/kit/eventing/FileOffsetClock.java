package io.sidan.kit.eventing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The system clock shifted by the ISO-8601 duration written in a file, read again at most every 200 ms:
 * for drills and acceptance tests that move every service of one machine forward together (through an
 * SLA deadline, say) while they run. Unset in production. A file that cannot be read or parsed keeps the
 * last offset. Time is only ever meant to move forward with it.
 */
final class FileOffsetClock extends Clock {

    private static final long RECHECK_NANOS = Duration.ofMillis(200).toNanos();

    private final Path file;
    private volatile Duration offset;
    private volatile long checkedAt;

    FileOffsetClock(Path file) {
        this.file = file;
        this.offset = read(file, Duration.ZERO);
        this.checkedAt = System.nanoTime();
    }

    @Override
    public Instant instant() {
        long now = System.nanoTime();
        if (now - checkedAt > RECHECK_NANOS) {
            offset = read(file, offset);
            checkedAt = now;
        }
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return zone.equals(ZoneOffset.UTC) ? this : Clock.offset(Clock.system(zone), offset);
    }

    private static Duration read(Path file, Duration otherwise) {
        try {
            return Duration.parse(Files.readString(file, StandardCharsets.UTF_8).trim());
        } catch (IOException | DateTimeParseException e) {
            return otherwise;
        }
    }
}
