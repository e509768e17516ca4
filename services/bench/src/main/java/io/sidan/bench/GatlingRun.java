package io.sidan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Runs one Gatling simulation in this JVM and reads the figures of its report. */
final class GatlingRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The figures of one request name (or of all, "Global Information"), times in milliseconds. */
    record Stats(String name, long ok, long ko, double meanRps, long p50, long p90, long p99, long p999, long max, long mean) {

        static Stats of(JsonNode s) {
            return new Stats(s.path("name").asText(), n(s, "numberOfRequests", "ok"), n(s, "numberOfRequests", "ko"),
                    d(s, "meanNumberOfRequestsPerSecond", "ok"), n(s, "percentiles1", "ok"), n(s, "percentiles2", "ok"),
                    n(s, "percentiles3", "ok"), n(s, "percentiles4", "ok"), n(s, "maxResponseTime", "ok"),
                    n(s, "meanResponseTime", "ok"));
        }

        private static long n(JsonNode s, String field, String which) {
            String v = s.path(field).path(which).asText("0");
            return v.equals("-") ? 0 : (long) Double.parseDouble(v);
        }

        private static double d(JsonNode s, String field, String which) {
            String v = s.path(field).path(which).asText("0");
            return v.equals("-") ? 0 : Double.parseDouble(v);
        }
    }

    record Result(Stats global, Map<String, Stats> byRequest, Duration took, Path report) {
    }

    private GatlingRun() {
    }

    static Result run(Class<?> simulation, Path resultsRoot, Map<String, String> properties) {
        properties.forEach(System::setProperty);
        Path results = resultsRoot.resolve(simulation.getSimpleName() + "-" + System.nanoTime());
        long started = System.nanoTime();
        try {
            Files.createDirectories(results);
            io.gatling.app.Gatling$.MODULE$.fromArgs(new String[] {"-s", simulation.getName(), "-rf", results.toString(),
                    "-rd", properties.toString(), "-l", "sidan-bench"});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        try (Stream<Path> found = Files.walk(results)) {
            Path stats = found.filter(p -> p.getFileName().toString().equals("stats.json"))
                    .max(Comparator.comparingLong(p -> p.toFile().lastModified()))
                    .orElseThrow(() -> new IllegalStateException("no Gatling report under " + results));
            JsonNode root = JSON.readTree(stats.toFile());
            Map<String, Stats> byRequest = new HashMap<>();
            collect(root.path("contents"), byRequest);
            return new Result(Stats.of(root.path("stats")), byRequest, took, stats.getParent().getParent());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the Gatling report under " + results, e);
        }
    }

    private static void collect(JsonNode contents, Map<String, Stats> into) {
        contents.forEach(node -> {
            if (node.path("type").asText().equals("REQUEST")) {
                Stats s = Stats.of(node.path("stats"));
                into.put(s.name(), s);
            }
            collect(node.path("contents"), into);
        });
    }
}
