package io.sidan.testing;

import static io.restassured.RestAssured.given;

import java.util.Map;

/** A service's {@code /q/metrics} (Prometheus text format), read the way an alert rule would. */
public final class Metrics {

    private final String text;

    private Metrics(String text) {
        this.text = text;
    }

    /** The metrics of the service under test, now. */
    public static Metrics scrape() {
        return new Metrics(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    /**
     * The sum of every series named {@code name} whose labels include all of {@code labels}.
     *
     * @throws AssertionError when there is no such series
     */
    public double sum(String name, Map<String, String> labels) {
        double sum = sumOrNaN(name, labels);
        if (Double.isNaN(sum)) {
            throw new AssertionError("no series " + name + " with " + labels + " on /q/metrics");
        }
        return sum;
    }

    /** As {@link #sum(String, Map)}, but 0 when there is no such series yet (a counter before its first count). */
    public double sumOrZero(String name, Map<String, String> labels) {
        double sum = sumOrNaN(name, labels);
        return Double.isNaN(sum) ? 0 : sum;
    }

    private double sumOrNaN(String name, Map<String, String> labels) {
        double sum = Double.NaN;
        for (String line : text.lines().toList()) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String series = line.substring(0, space);
            boolean matches = labels.entrySet().stream().allMatch(l -> series.contains(l.getKey() + "=\"" + l.getValue() + "\""));
            if (matches) {
                double value = Double.parseDouble(line.substring(space + 1));
                sum = Double.isNaN(sum) ? value : sum + value;
            }
        }
        return sum;
    }

    public double sum(String name) {
        return sum(name, Map.of());
    }
}
