package io.sidan.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sidan.local.LocalSystem;
import org.junit.jupiter.api.Test;

/**
 * The alerts and the dashboard of deploy/k8s/overlays/observability watch series the services really
 * export: after one lifecycle, every metric their PromQL names is in some service's /q/metrics.
 */
class ObservabilitySystemTest {

    /** PromQL's own words in our expressions; every other name is a metric. */
    private static final Set<String> PROMQL = Set.of("sum", "max", "min", "avg", "count", "rate", "irate", "increase",
            "deriv", "by", "without", "and", "or", "unless", "on", "ignoring", "histogram_quantile");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private final LocalSystem system = TheSystem.get();
    private final Api api = new Api(system);

    @Test
    void everyMetricTheAlertsAndTheDashboardUseIsExported() throws Exception {
        String id = api.submitted("resident1", "ELDERLY_CARE", "NORMAL");
        api.awaitCase(id);
        api.assign(id, "red-vest").then().statusCode(200);
        api.serve("team-red", id, List.of(Map.of("volunteerId", "v-zhang-wei", "hours", 1)));
        api.awaitSheet(id);
        api.rate("resident1", id, 5).then().statusCode(201);

        Set<String> exported = new TreeSet<>();
        for (String service : List.of(LocalSystem.REQUEST, LocalSystem.DISPATCH, LocalSystem.RATING)) {
            String exposition = given().baseUri(system.baseUrl(service)).get("/q/metrics").then().statusCode(200).extract().asString();
            exposition.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .forEach(l -> exported.add(l.split("[{ ]", 2)[0]));
        }
        Map<String, List<String>> used = used();
        assertThat(used).as("expressions found").hasSizeGreaterThan(10);
        List<String> missing = new ArrayList<>();
        used.forEach((metric, where) -> {
            if (!exported.contains(metric)) {
                missing.add(metric + " (" + String.join(", ", where) + ")");
            }
        });
        assertThat(missing).as("metrics used but not exported").isEmpty();
    }

    /** Metric name → the alerts and panels whose expressions use it. */
    private static Map<String, List<String>> used() throws Exception {
        Path overlay = Path.of(System.getProperty("sidan.root", "../..")).resolve("deploy/k8s/overlays/observability");
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Map<String, List<String>> used = new java.util.TreeMap<>();
        for (JsonNode rule : yaml.readTree(Files.readString(overlay.resolve("alerts.yaml"))).path("spec").path("groups").findValues("rules")) {
            for (JsonNode r : rule) {
                names(r.path("expr").asText()).forEach(m -> used.computeIfAbsent(m, k -> new ArrayList<>()).add(r.path("alert").asText()));
            }
        }
        JsonNode dashboard = new ObjectMapper().readTree(yaml.readTree(Files.readString(overlay.resolve("dashboard.yaml")))
                .path("data").path("sidan-overview.json").asText());
        for (JsonNode panel : dashboard.path("panels")) {
            for (String expr : panel.findValuesAsText("expr")) {
                names(expr).forEach(m -> used.computeIfAbsent(m, k -> new ArrayList<>()).add(panel.path("title").asText()));
            }
        }
        return used;
    }

    /** The metric names of a PromQL expression: without label matchers, ranges, grouping clauses and strings. */
    static Set<String> names(String expr) {
        String bare = expr.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ").replaceAll("\"[^\"]*\"", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = NAME.matcher(bare);
        while (m.find()) {
            String word = m.group();
            if (!PROMQL.contains(word) && !Character.isDigit(word.charAt(0))) {
                names.add(word);
            }
        }
        return names;
    }
}
