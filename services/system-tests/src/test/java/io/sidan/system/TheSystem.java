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
 * Keycloak and the three packaged services as processes. Deadlines are the seeded catalogue's; tests
 * reach them by moving every service's clock forward together ({@link #advanceClock}).
 *
 * <p>The services' clocks are shifted ({@code sidan.clock.offset-file}) so that the tests never depend on
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
    private static Path clockFile;
    private static volatile Duration clockOffset = CLOCK_OFFSET;

    private TheSystem() {
    }

    /** How far the services' clocks are shifted now: {@link #CLOCK_OFFSET}, plus every {@link #advanceClock}. */
    static Duration clockOffset() {
        return clockOffset;
    }

    /**
     * Moves every service's clock forward (they read the offset file again within 200 ms), e.g. past an
     * SLA deadline, and waits until their clocks (checked every second) have seen it. Time only moves
     * forward: tests after this one simply run later in the same day.
     */
    static synchronized void advanceClock(Duration by) {
        get();
        writeClockOffset(clockOffset.plus(by));
        try {
            Thread.sleep(1_500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void writeClockOffset(Duration offset) {
        try {
            Path next = clockFile.resolveSibling("clock-offset.next");
            Files.writeString(next, "PT" + offset.toSeconds() + "S");
            Files.move(next, clockFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            clockOffset = offset;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + clockFile, e);
        }
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
            clockFile = data.resolve("clock-offset");
            writeClockOffset(CLOCK_OFFSET);
            Map<String, String> everyService = new java.util.HashMap<>(LocalSystem.NO_RATE_LIMITS);
            everyService.put("sidan.clock.offset-file", clockFile.toString());
            // checkpoints signed on demand cover everything recorded so far
            everyService.put("sidan.integrity.settle", "0s");
            // tracing switched on at run time, as a deployment does, exporting to a stand-in collector
            traces = new OtlpReceiver();
            everyService.put("quarkus.otel.sdk.disabled", "false");
            everyService.put("quarkus.otel.exporter.otlp.traces.endpoint", traces.endpoint());
            everyService.put("quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf");
            everyService.put("quarkus.otel.bsp.schedule.delay", "1s");
            LocalSystem started = new LocalSystem(new LocalSystem.Settings(root, data, LocalSystem.Ports.random(),
                    LocalSystem.serviceConfig(everyService, Map.of(
                            LocalSystem.DISPATCH, Map.of("sidan.dispatch.deadline-check", "1s"),
                            LocalSystem.RATING, Map.of("sidan.rating.window-check", "2s"))), false));
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "system-stop"));
            started.start();
            system = started;
        }
        return system;
    }
}
