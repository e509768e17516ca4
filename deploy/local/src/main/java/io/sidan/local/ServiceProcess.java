package io.sidan.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One program of the local system run as a child process (a service's packaged jar, Keycloak, a Kafka
 * node), its output in a log file. It can be stopped politely, killed with SIGKILL, and started again.
 */
public final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path workingDir;
    private final Path log;
    private final BooleanSupplier ready;
    private Process process;

    /** A program that is ready when the readiness URL answers 200. */
    public ServiceProcess(String name, List<String> command, Map<String, String> environment, Path workingDir, Path log,
                          URI readiness) {
        this(name, command, environment, workingDir, log, () -> answers(readiness));
    }

    /** A program that is ready when the check says so. */
    public ServiceProcess(String name, List<String> command, Map<String, String> environment, Path workingDir, Path log,
                          BooleanSupplier ready) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.workingDir = workingDir;
        this.log = log;
        this.ready = ready;
    }

    public String name() {
        return name;
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(workingDir.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** Waits until the readiness URL answers 200; fails early when the process died. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (process == null || !process.isAlive()) {
                throw new IllegalStateException(name + " stopped while starting; see " + log);
            }
            if (ready.getAsBoolean()) {
                return;
            }
            sleep(300);
        }
        throw new IllegalStateException(name + " was not ready after " + timeout.toSeconds() + " s; see " + log);
    }

    /** Whether the URL answers 200 (a service's /q/health/ready). */
    public static boolean answers(URI url) {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The operating system's process id, or -1 when it is not running. */
    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGTERM to the process and its children, then SIGKILL after a grace period. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        process = null;
    }

    /** kill -9: no shutdown hooks, no goodbye — what a crash looks like. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
