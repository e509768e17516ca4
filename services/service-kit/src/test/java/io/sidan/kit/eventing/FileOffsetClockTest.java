package io.sidan.kit.eventing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A clock every service of a machine moves forward together by rewriting one file. */
class FileOffsetClockTest {

    @TempDir
    Path dir;

    @Test
    void theClockFollowsTheFileAndKeepsItsOffsetWhenTheFileIsUnreadable() throws Exception {
        Path file = dir.resolve("offset");
        Files.writeString(file, "PT1H\n");
        FileOffsetClock clock = new FileOffsetClock(file);
        assertThat(Duration.between(Instant.now(), clock.instant())).isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));

        Files.writeString(file, "PT3H");
        Thread.sleep(300);
        assertThat(Duration.between(Instant.now(), clock.instant())).isBetween(Duration.ofMinutes(179), Duration.ofMinutes(181));

        Files.writeString(file, "three hours");
        Thread.sleep(300);
        assertThat(Duration.between(Instant.now(), clock.instant())).as("a bad file changes nothing")
                .isBetween(Duration.ofMinutes(179), Duration.ofMinutes(181));
        Files.delete(file);
        Thread.sleep(300);
        assertThat(Duration.between(Instant.now(), clock.instant())).isBetween(Duration.ofMinutes(179), Duration.ofMinutes(181));
    }
}
