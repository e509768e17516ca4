package io.sidan.testing;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Keeps the broker's and the database's chatter out of test output: warnings only. */
public final class QuietLogs {

    // strong references: java.util.logging forgets the level of loggers nobody holds
    private static final List<Logger> QUIETED = List.of(
            Logger.getLogger("org.apache.kafka"), Logger.getLogger("kafka"), Logger.getLogger("io.zonky"),
            Logger.getLogger("org.flywaydb"), Logger.getLogger("state.change.logger"));

    private QuietLogs() {
    }

    public static void apply() {
        QUIETED.forEach(l -> l.setLevel(Level.WARNING));
    }
}
