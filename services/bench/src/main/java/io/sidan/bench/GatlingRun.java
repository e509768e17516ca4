package io.sidan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Runs one Gatling simulation in this JVM and reads the figures of its report. */
final class GatlingRun {

    /** The figures of one request name (or of all, "All Requests"), times in milliseconds. */
    record Stats(String name, long ok, long ko, double meanRps, long p50, long p90, long p99, long p999, long max, long mean) {
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
            Path index = found.filter(p -> p.getFileName().toString().equals("index.html"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no Gatling report under " + results));
            Map<String, Stats> byRequest = statistics(Files.readString(index));
            Stats global = byRequest.remove("All Requests");
            if (global == null) {
                throw new IllegalStateException("no statistics table in " + index);
            }
            return new Result(global, byRequest, took, index.getParent());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the Gatling report under " + results, e);
        }
    }

    private static final Pattern ROW = Pattern.compile("<tr id=\"[^\"]*\"[^>]*>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("class=\"ellipsed-name\">([^<]*)<");
    private static final Pattern CELL = Pattern.compile("<td class=\"value \\w+ col-(\\d+)\">([^<]*)</td>");

    /**
     * The rows of the report's statistics table (Gatling 3.15 writes no JSON): requests, ok, ko, ko %,
     * requests/s, min, p50, p90, p99, p99.9 (the percentiles of gatling.conf), max, mean, std dev.
     */
    static Map<String, Stats> statistics(String html) {
        Map<String, Stats> rows = new HashMap<>();
        Matcher row = ROW.matcher(html);
        while (row.find()) {
            Matcher name = NAME.matcher(row.group(1));
            if (!name.find()) {
                continue;
            }
            Map<Integer, String> cells = new HashMap<>();
            Matcher cell = CELL.matcher(row.group(1));
            while (cell.find()) {
                cells.put(Integer.parseInt(cell.group(1)), cell.group(2).trim());
            }
            rows.put(name.group(1), new Stats(name.group(1), num(cells, 3), num(cells, 4), dec(cells, 6), num(cells, 8),
                    num(cells, 9), num(cells, 10), num(cells, 11), num(cells, 12), num(cells, 13)));
        }
        return rows;
    }

    private static long num(Map<Integer, String> cells, int col) {
        return Math.round(dec(cells, col));
    }

    private static double dec(Map<Integer, String> cells, int col) {
        String v = cells.getOrDefault(col, "-").replace(",", "");
        return v.isEmpty() || v.equals("-") ? 0 : Double.parseDouble(v);
    }
}
