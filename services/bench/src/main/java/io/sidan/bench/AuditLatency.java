package io.sidan.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin's audit endpoints timed over HTTP, one request at a time (as an admin's browser asks),
 * each several times after a warm-up: the whole answer, from sending to the last byte.
 */
final class AuditLatency {

    /** Times in ms of one endpoint (nearest rank: of 100 samples the p99 is the second slowest, of 20 the slowest). */
    record Timing(String what, int samples, double p50, double p99, double max, int bytes) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AuditLatency() {
    }

    /** The endpoints an admin uses, over the generated history ending {@code end}. */
    static Map<String, String> endpoints(Instant end) {
        ZoneId zone = ZoneId.of("Asia/Shanghai"); // sidan.centre.zone
        YearMonth lastMonth = YearMonth.from(end.atZone(zone)).minusMonths(1);
        LocalDate today = LocalDate.ofInstant(end, zone);
        int quarter = (today.getMonthValue() - 1) / 3 + 1;
        String lastQuarter = quarter == 1 ? (today.getYear() - 1) + "-Q4" : today.getYear() + "-Q" + (quarter - 1);
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("summary, last 30 days (the audit page's default)", "/api/audit/summary");
        endpoints.put("summary by team, last 90 days", "/api/audit/summary?groupBy=team&from=" + end.minus(Duration.ofDays(90)));
        endpoints.put("summary by month, last 2 years", "/api/audit/summary?groupBy=period&period=month&from="
                + end.minus(Duration.ofDays(730)));
        endpoints.put("team ranking by satisfaction, last 30 days", "/api/audit/rankings?dimension=team&measure=SATISFACTION");
        endpoints.put("requests late to complete, first page of 100", "/api/audit/requests?breached=complete&size=100");
        endpoints.put("monthly report " + lastMonth, "/api/audit/reports/monthly?month=" + lastMonth);
        endpoints.put("quarterly report " + lastQuarter, "/api/audit/reports/quarterly?quarter=" + lastQuarter);
        return endpoints;
    }

    static List<Timing> measure(String baseUrl, String adminToken, Map<String, String> endpoints, int samples) throws Exception {
        List<Timing> timings = new ArrayList<>();
        for (Map.Entry<String, String> e : endpoints.entrySet()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + e.getValue())).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + adminToken).GET().build();
            int bytes = 0;
            for (int i = 0; i < 2; i++) {
                bytes = send(request).length();
            }
            double[] ms = new double[samples];
            for (int i = 0; i < samples; i++) {
                long t = System.nanoTime();
                send(request);
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            timings.add(new Timing(e.getKey(), samples, ms[(int) Math.ceil(0.5 * samples) - 1], ms[(int) Math.ceil(0.99 * samples) - 1],
                    ms[samples - 1], bytes));
        }
        return timings;
    }

    private static String send(HttpRequest request) throws Exception {
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
