package io.sidan.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.concurrent.TimeUnit;

import io.sidan.local.LocalSystem;
import org.junit.jupiter.api.Test;

/**
 * The web console in a real browser (Chromium driven by Playwright) against the whole system: a resident
 * submits, a dispatcher assigns, a team accepts and completes, the resident rates, an admin sees the
 * figures move and opens the verified case file. The flow lives in the console's {@code e2e/flow.mjs};
 * its screenshots go to {@code target/screenshots}.
 */
class ConsoleBrowserSystemTest {

    private final LocalSystem system = TheSystem.get();

    @Test
    void theFourRolesDoTheirJobInTheBrowser() throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("sidan.root", "../..")).toAbsolutePath().normalize();
        Path webui = root.resolve("services/console/src/main/webui");
        Path screenshots = root.resolve("services/system-tests/target/screenshots");
        Path log = root.resolve("services/system-tests/target/console-e2e.log");
        Files.createDirectories(screenshots);
        try (var old = Files.list(screenshots)) {
            for (Path shot : old.toList()) {
                Files.delete(shot);
            }
        }
        assertThat(webui.resolve("node_modules/playwright-core")).as("the console build installs playwright-core").isDirectory();

        ProcessBuilder node = new ProcessBuilder("node", "e2e/flow.mjs").directory(webui.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        node.environment().put("SIDAN_CONSOLE_URL", system.consoleUrl());
        node.environment().put("SIDAN_SCREENSHOTS", screenshots.toString());
        // the browser's clock is shifted like the services' (UTC still on the previous month's last day)
        node.environment().put("SIDAN_CLOCK_OFFSET_MS", String.valueOf(TheSystem.clockOffset().toMillis()));
        node.environment().put("SIDAN_CENTRE_MONTH", YearMonth.from(TheSystem.CENTRE_START).toString());
        Process flow = node.start();
        boolean finished = flow.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            flow.descendants().forEach(ProcessHandle::destroyForcibly);
            flow.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.println(output);
        assertThat(finished).as("the browser flow finished within 5 minutes:%n%s", output).isTrue();
        assertThat(flow.exitValue()).as("the browser flow passed:%n%s", output).isZero();
        assertThat(output).contains("e2e: the whole flow passed in the browser");
        try (var shots = Files.list(screenshots)) {
            assertThat(shots.filter(p -> p.toString().endsWith(".png")).count()).isGreaterThanOrEqualTo(13);
        }
    }
}
