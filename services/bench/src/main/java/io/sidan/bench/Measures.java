package io.sidan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

/** Small measurements read from the databases and the operating system. */
final class Measures {

    private Measures() {
    }

    /** Latency figures in milliseconds, nearest rank. */
    record Distribution(int count, double p50, double p99, double max) {
        static Distribution of(List<Double> values) {
            List<Double> sorted = new ArrayList<>(values);
            sorted.sort(null);
            if (sorted.isEmpty()) {
                return new Distribution(0, Double.NaN, Double.NaN, Double.NaN);
            }
            return new Distribution(sorted.size(), rank(sorted, 0.50), rank(sorted, 0.99), sorted.getLast());
        }

        private static double rank(List<Double> sorted, double q) {
            return sorted.get(Math.max(0, (int) Math.ceil(q * sorted.size()) - 1));
        }
    }

    /**
     * Submit → case visible in the dispatch queue: from the time recorded with each {@code request.submitted}
     * (request service) to that of its {@code case.opened} (dispatch service, which updates its queue in
     * the same transaction). Both clocks are this machine's.
     */
    static Distribution propagation(DataSource requests, DataSource dispatch, Instant from, Instant to) throws Exception {
        Map<String, Instant> submitted = times(requests, "request.submitted", from, to.plusSeconds(60));
        Map<String, Instant> opened = times(dispatch, "case.opened", from, to.plusSeconds(60));
        List<Double> ms = new ArrayList<>();
        submitted.forEach((id, at) -> {
            Instant o = opened.get(id);
            if (o != null && !at.isBefore(from) && at.isBefore(to)) {
                ms.add(Duration.between(at, o).toNanos() / 1e6);
            }
        });
        return Distribution.of(ms);
    }

    private static Map<String, Instant> times(DataSource ds, String type, Instant from, Instant to) throws Exception {
        Map<String, Instant> times = new HashMap<>();
        try (Connection c = ds.getConnection();
             PreparedStatement s = c.prepareStatement("select payload->>'requestId', occurred_at from event_store"
                     + " where type = ? and occurred_at >= ? and occurred_at < ?")) {
            s.setString(1, type);
            s.setObject(2, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            s.setObject(3, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    times.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant());
                }
            }
        }
        return times;
    }

    /**
     * How many streams a service has begun with an event of a type (a request, a case): read from the index of
     * the streams' first events, so polling it while the system is measured costs next to nothing (counting
     * every event of the type scanned the whole store, inside the CPU step's window).
     */
    static long streamsBegunWith(DataSource ds, String type) throws Exception {
        try (Connection c = ds.getConnection();
             PreparedStatement s = c.prepareStatement("select count(*) from event_store where version = 1 and type = ?")) {
            s.setString(1, type);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Resident set size of a process in MB (Linux), or -1. */
    static double rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
