package io.sidan.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import io.sidan.local.LocalSystem;
import io.sidan.testing.QuietLogs;

/**
 * The whole system, started once per test JVM on free ports with fresh data: PostgreSQL, Kafka,
 * Keycloak and the three packaged services as processes. Deadlines are short so expiry can be seen.
 *
 * <p>The services' clocks are shifted ({@code sidan.clock.offset}) so that the tests never depend on
 * the real time of day or of the month: they run at {@link #CENTRE_START}, 00:20 on the first day of a
 * month in the centre's zone (Asia/Shanghai), while UTC is still on the previous month's last day —
 * the hour at which a month boundary computed from a UTC date goes wrong.
 */
final class TheSystem {

    static final ZoneId CENTRE_ZONE = ZoneId.of("Asia/Shanghai");
    /** When the services' clocks stood at the start: 00:20 on the 1st of the month that is current in the centre. */
    static final ZonedDateTime CENTRE_START = ZonedDateTime.now(CENTRE_ZONE).withDayOfMonth(1)
            .truncatedTo(ChronoUnit.DAYS).plusMinutes(20);
    /** How far the services' clocks are shifted from the real one (computed once, shared by every service). */
    static final Duration CLOCK_OFFSET = Duration.between(Instant.now(), CENTRE_START.toInstant()).truncatedTo(ChronoUnit.SECONDS);

    private static LocalSystem system;
    private static OtlpReceiver traces;

    private TheSystem() {
    }

    /** The spans the services exported (started with the system). */
    static synchronized OtlpReceiver traces() {
        get();
        return traces;
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
            String offset = "PT" + CLOCK_OFFSET.toSeconds() + "S";
            Map<String, String> everyService = new java.util.HashMap<>(LocalSystem.NO_RATE_LIMITS);
            everyService.put("sidan.clock.offset", offset);
            // tracing switched on at run time, as a deployment does, exporting to a stand-in collector
            traces = new OtlpReceiver();
            everyService.put("quarkus.otel.sdk.disabled", "false");
            everyService.put("quarkus.otel.exporter.otlp.traces.endpoint", traces.endpoint());
            everyService.put("quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf");
            everyService.put("quarkus.otel.bsp.schedule.delay", "1s");
            LocalSystem started = new LocalSystem(new LocalSystem.Settings(root, data, LocalSystem.Ports.random(),
                    LocalSystem.serviceConfig(everyService, Map.of(
                            LocalSystem.DISPATCH, Map.of(
                                    "sidan.dispatch.accept-within.HIGH", "PT4S",
                                    "sidan.dispatch.deadline-check", "1s"),
                            LocalSystem.RATING, Map.of("sidan.rating.window-check", "2s"))), false));
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "system-stop"));
            started.start();
            system = started;
        }
        return system;
    }
}
