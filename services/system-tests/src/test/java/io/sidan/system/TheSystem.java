package io.sidan.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.sidan.local.LocalSystem;
import io.sidan.testing.QuietLogs;

/**
 * The whole system, started once per test JVM on free ports with fresh data: PostgreSQL, Kafka,
 * Keycloak and the three packaged services as processes. Deadlines are short so expiry can be seen.
 */
final class TheSystem {

    private static LocalSystem system;

    private TheSystem() {
    }

    static synchronized LocalSystem get() {
        if (system == null) {
            QuietLogs.apply();
            Path root = Path.of(System.getProperty("sidan.root", "../..")).toAbsolutePath().normalize();
            Path data;
            try {
                data = Files.createTempDirectory("sidan-system");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            LocalSystem started = new LocalSystem(new LocalSystem.Settings(root, data, LocalSystem.Ports.random(), Map.of(
                    LocalSystem.DISPATCH, Map.of(
                            "sidan.dispatch.accept-within.HIGH", "PT4S",
                            "sidan.dispatch.deadline-check", "1s"),
                    LocalSystem.RATING, Map.of("sidan.rating.window-check", "2s")), false));
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "system-stop"));
            started.start();
            system = started;
        }
        return system;
    }
}
