package io.sidan.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.sidan.contracts.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Verifies deploy/k8s offline and strictly, for both overlays: every resource parsed by its real model
 * with no unknown field (fabric8, Strimzi) or validated against its CRD's schema (Strimzi's, generated
 * by its crd-generator; CloudNativePG's and Keycloak's, kept in deploy/k8s/schemas for the fields used),
 * and cross-checked: environment, Secrets, probes, topics, database connections, replicas, policies.
 * Also that the made parts of deploy/k8s are what the build makes now (no drift).
 */
class K8sManifestsTest {

    private static final Path ROOT = Path.of(System.getProperty("sidan.root", "../..")).toAbsolutePath().normalize();
    private static final Path K8S = ROOT.resolve("deploy/k8s");
    private static final List<String> SERVICES = List.of("request-service", "dispatch-service", "rating-service");
    /** Partitions of every topic: the most consumers of one group that do any work. */
    private static final int PARTITIONS = 6;
    /** Connections kept for the operator, replication and superusers beyond the applications' pools. */
    private static final int RESERVED_CONNECTIONS = 10;
    /** The keys CloudNativePG writes into the Secret {@code <cluster>-app} (its documentation). */
    private static final Set<String> CNPG_APP_SECRET_KEYS = Set.of("username", "password", "host", "port", "dbname", "uri",
            "jdbc-uri", "pgpass", "fqdn-uri", "fqdn-jdbc-uri");
    /** Secrets nobody in deploy/k8s makes: the installer provides them (docs/deploy.md says how). */
    private static final Set<String> PROVIDED_BY_THE_INSTALLER = Set.of("sidan-tls", "sidan-integrity-keys", "sidan-privacy-keys");

    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private static List<ObjectNode> render(String overlay) {
        return Kustomize.build(K8S.resolve("overlays").resolve(overlay));
    }

    // ---- the models and schemas ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "production", "observability"})
    void everyResourceIsKnownToItsModelOrSchemaWithNoUnknownField(String overlay) throws IOException {
        Map<String, JsonSchema> schemas = schemas();
        List<String> problems = new ArrayList<>();
        for (ObjectNode r : render(overlay)) {
            String key = r.path("apiVersion").asText() + "/" + Kustomize.kind(r);
            boolean modelled;
            try {
                modelled = StrictModels.modelled(r);
                if (modelled) {
                    problems.addAll(StrictModels.unknownFields(StrictModels.parse(r), Kustomize.id(r)).stream()
                            .map(p -> p + ": unknown to the model").toList());
                }
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
                continue;
            }
            JsonSchema schema = schemas.get(key);
            if (schema != null) {
                for (ValidationMessage m : schema.validate(r)) {
                    problems.add(Kustomize.id(r) + ": " + m.getMessage());
                }
            }
            if (!modelled && schema == null) {
                problems.add(Kustomize.id(r) + ": neither a model nor a schema knows " + key);
            }
        }
        assertThat(problems).as(overlay).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"production", "observability"})
    void aMisspeltFieldIsCaughtInEveryKindOfResource(String overlay) throws IOException {
        Map<String, JsonSchema> schemas = schemas();
        List<String> missed = new ArrayList<>();
        for (ObjectNode original : render(overlay)) {
            ObjectNode r = original.deepCopy();
            JsonNode spec = r.path("spec");
            if (!(spec instanceof ObjectNode s)) {
                continue; // a ConfigMap or a Namespace: data and metadata are free-form
            }
            s.put("replcas", 3);
            boolean caught = StrictModels.modelled(r)
                    ? !StrictModels.unknownFields(StrictModels.parse(r), "x").isEmpty()
                    : !schemas.get(r.path("apiVersion").asText() + "/" + Kustomize.kind(r)).validate(r).isEmpty();
            if (!caught) {
                missed.add(Kustomize.id(r));
            }
        }
        assertThat(missed).as("resources where spec.replcas went unnoticed").isEmpty();
    }

    /** JSON schemas by apiVersion/kind: Strimzi's from its CRDs (target/strimzi-crds), the others kept here. */
    private static Map<String, JsonSchema> schemas() throws IOException {
        Map<String, JsonSchema> out = new HashMap<>();
        for (String kind : List.of("Kafka", "KafkaNodePool", "KafkaTopic")) {
            JsonNode crd = Kustomize.read(K8S.resolve("target/strimzi-crds/" + kind + ".yaml")).getFirst();
            for (JsonNode v : crd.path("spec").path("versions")) {
                if (v.path("name").asText().equals("v1")) {
                    out.put("kafka.strimzi.io/v1/" + kind, SCHEMAS.getSchema(v.path("schema").path("openAPIV3Schema")));
                }
            }
        }
        try (Stream<Path> files = Files.list(K8S.resolve("schemas"))) {
            for (Path f : files.toList()) {
                String[] name = f.getFileName().toString().replace(".json", "").split("-");
                JsonNode schema = Kustomize.YAML.readTree(Files.readString(f));
                out.put(name[0] + "/" + name[1] + "/" + name[2], SCHEMAS.getSchema(schema));
            }
        }
        return out;
    }

    // ---- cross-checks ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "production", "observability"})
    void everyEnvironmentVariableAServiceReadsIsSupplied(String overlay) throws IOException {
        List<ObjectNode> all = render(overlay);
        for (String module : Manifests.MODULES) {
            JsonNode container = container(all, module);
            Set<String> supplied = new HashSet<>();
            container.path("env").forEach(e -> supplied.add(e.path("name").asText()));
            for (JsonNode from : container.path("envFrom")) {
                ObjectNode configMap = find(all, "ConfigMap", from.path("configMapRef").path("name").asText())
                        .orElseThrow(() -> new AssertionError(module + " reads a ConfigMap that is not there: " + from));
                configMap.path("data").fieldNames().forEachRemaining(supplied::add);
            }
            assertThat(supplied).as(overlay + ": " + module + " environment").containsAll(readsFromEnvironment(module));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "production", "observability"})
    void everySecretReferencedExistsOrIsTheOperatorsDocumentedOne(String overlay) throws IOException {
        List<ObjectNode> all = render(overlay);
        String deployDoc = Files.readString(ROOT.resolve("docs/deploy.md"));
        List<String[]> references = new ArrayList<>(); // secret, key (or null), where
        for (ObjectNode r : all) {
            collectSecretRefs(r, Kustomize.id(r), references);
        }
        assertThat(references).as("the services' database credentials are Secret references").hasSizeGreaterThanOrEqualTo(6);
        for (String[] ref : references) {
            String secret = ref[0];
            String key = ref[1];
            boolean madeHere = find(all, "Secret", secret).isPresent();
            boolean cnpg = secret.endsWith("-app") && find(all, "Cluster", secret.substring(0, secret.length() - 4)).isPresent()
                    && (key == null || CNPG_APP_SECRET_KEYS.contains(key));
            boolean provided = PROVIDED_BY_THE_INSTALLER.contains(secret) && deployDoc.contains("`" + secret + "`");
            assertThat(madeHere || cnpg || provided).as("%s: Secret %s key %s is neither in the manifests, nor "
                    + "CloudNativePG's <cluster>-app of a cluster here, nor documented as the installer's", ref[2], secret, key).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "production", "observability"})
    void probesPointAtTheHealthPathsOnTheApplicationsPort(String overlay) throws IOException {
        List<ObjectNode> all = render(overlay);
        for (String module : Manifests.MODULES) {
            JsonNode c = container(all, module);
            int port = Integer.parseInt(properties(module).getProperty("quarkus.http.port"));
            assertThat(c.path("ports").findValuesAsText("containerPort")).as(module).contains(String.valueOf(port));
            for (String[] probe : new String[][] {{"livenessProbe", "/q/health/live"}, {"readinessProbe", "/q/health/ready"},
                    {"startupProbe", "/q/health/started"}}) {
                JsonNode get = c.path(probe[0]).path("httpGet");
                assertThat(get.path("path").asText()).as(module + " " + probe[0]).isEqualTo(probe[1]);
                assertThat(get.path("port").asInt()).as(module + " " + probe[0] + " port").isEqualTo(port);
            }
            ObjectNode service = find(all, "Service", module).orElseThrow();
            assertThat(service.path("spec").path("ports").get(0).path("targetPort").asInt()).as(module + " Service").isEqualTo(port);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "production", "observability"})
    void theTopicsAreTheCataloguesAndTheirDeadLetterTopicsKeptForEver(String overlay) {
        List<ObjectNode> topics = all(render(overlay), "KafkaTopic");
        Set<String> expected = new TreeSet<>();
        Topics.ALL.forEach(t -> {
            expected.add(t);
            expected.add(Topics.deadLetter(t));
        });
        Set<String> named = topics.stream().map(t -> t.path("spec").path("topicName").asText())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(named).isEqualTo(expected);
        for (ObjectNode t : topics) {
            assertThat(t.path("spec").path("config").path("retention.ms").asLong()).as(Kustomize.name(t)).isEqualTo(-1);
            assertThat(t.path("spec").path("partitions").asInt()).as(Kustomize.name(t)).isEqualTo(PARTITIONS);
            assertThat(t.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo("sidan");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "production", "observability"})
    void theMostInstancesOfEveryDatabaseUserFitItsMaxConnections(String overlay) throws IOException {
        List<ObjectNode> all = render(overlay);
        Map<String, Integer> demand = new LinkedHashMap<>();
        for (String module : SERVICES) {
            JsonNode c = container(all, module);
            String url = c.path("env").findParents("name").stream().filter(e -> e.path("name").asText().endsWith("_DB_URL"))
                    .map(e -> e.path("value").asText()).findFirst().orElseThrow(() -> new AssertionError(module + " has no database URL"));
            Matcher host = Pattern.compile("jdbc:postgresql://([a-z0-9-]+)-rw:5432/").matcher(url);
            assertThat(host.find()).as(url).isTrue();
            int pool = Integer.parseInt(Optional.ofNullable(find(all, "ConfigMap", "sidan-config").orElseThrow().path("data")
                    .get("QUARKUS_DATASOURCE_JDBC_MAX_SIZE")).map(JsonNode::asText)
                    .orElse(properties(module).getProperty("quarkus.datasource.jdbc.max-size")));
            demand.merge(host.group(1), mostInstances(all, module) * pool, Integer::sum);
        }
        ObjectNode keycloak = all(all, "Keycloak").getFirst();
        String keycloakDb = keycloak.path("spec").path("db").path("host").asText().replace("-rw", "");
        demand.merge(keycloakDb, keycloak.path("spec").path("instances").asInt()
                * keycloak.path("spec").path("db").path("poolMaxSize").asInt(100), Integer::sum);
        assertThat(demand).hasSize(4);
        demand.forEach((cluster, connections) -> {
            ObjectNode db = find(all, "Cluster", cluster).orElseThrow(() -> new AssertionError("no database cluster " + cluster));
            int max = db.path("spec").path("postgresql").path("parameters").path("max_connections").asInt(100);
            assertThat(connections + RESERVED_CONNECTIONS).as(overlay + ": connections to " + cluster + " (max_connections " + max + ")")
                    .isLessThanOrEqualTo(max);
        });
    }

    @Test
    void productionRunsEverythingSeveralTimesWithBudgetsAutoscalersAndPolicies() {
        List<ObjectNode> all = render("production");
        ObjectNode pool = all(all, "KafkaNodePool").getFirst();
        assertThat(pool.path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(pool.path("spec").path("roles").toString()).contains("controller", "broker");
        JsonNode kafka = all(all, "Kafka").getFirst().path("spec").path("kafka").path("config");
        assertThat(kafka.path("default.replication.factor").asInt()).isEqualTo(3);
        assertThat(kafka.path("min.insync.replicas").asInt()).isEqualTo(2);
        assertThat(kafka.path("auto.create.topics.enable").asBoolean(true)).isFalse();
        all(all, "KafkaTopic").forEach(t -> {
            assertThat(t.path("spec").path("replicas").asInt()).isEqualTo(3);
            assertThat(t.path("spec").path("config").path("min.insync.replicas").asInt()).isEqualTo(2);
        });
        all(all, "Cluster").forEach(c -> assertThat(c.path("spec").path("instances").asInt()).as(Kustomize.name(c)).isEqualTo(3));
        for (String module : Manifests.MODULES) {
            ObjectNode d = find(all, "Deployment", module).orElseThrow();
            assertThat(d.path("spec").path("replicas").asInt()).as(module).isGreaterThanOrEqualTo(2);
            JsonNode labels = d.path("spec").path("template").path("metadata").path("labels");
            assertThat(all(all, "PodDisruptionBudget").stream().anyMatch(p -> selects(p.path("spec").path("selector"), labels)))
                    .as(module + " has a PodDisruptionBudget").isTrue();
            assertThat(all(all, "NetworkPolicy").stream().anyMatch(p -> selects(p.path("spec").path("podSelector"), labels)))
                    .as(module + " has a NetworkPolicy").isTrue();
            ObjectNode hpa = all(all, "HorizontalPodAutoscaler").stream()
                    .filter(h -> h.path("spec").path("scaleTargetRef").path("name").asText().equals(module)).findFirst()
                    .orElseThrow(() -> new AssertionError(module + " has no HorizontalPodAutoscaler"));
            assertThat(hpa.path("spec").path("minReplicas").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(hpa.path("spec").path("maxReplicas").asInt()).as(module + ": more consumers than partitions sit idle")
                    .isLessThanOrEqualTo(PARTITIONS);
            assertThat(d.path("spec").path("template").path("spec").path("topologySpreadConstraints")).as(module).isNotEmpty();
            assertThat(d.path("spec").path("template").path("spec").path("securityContext").path("runAsNonRoot").asBoolean())
                    .as(module + " runs as non-root").isTrue();
            assertThat(container(all, module).path("image").asText()).startsWith("registry.sidan.example/sidan/" + module + ":");
        }
    }

    @Test
    void devRunsOneOfEverything() {
        List<ObjectNode> all = render("dev");
        assertThat(all(all, "KafkaNodePool").getFirst().path("spec").path("replicas").asInt()).isEqualTo(1);
        assertThat(all(all, "Kafka").getFirst().path("spec").path("kafka").path("config").path("default.replication.factor").asInt())
                .isEqualTo(1);
        all(all, "KafkaTopic").forEach(t -> assertThat(t.path("spec").path("replicas").asInt()).isEqualTo(1));
        all(all, "Cluster").forEach(c -> assertThat(c.path("spec").path("instances").asInt()).isEqualTo(1));
        all(all, "Deployment").forEach(d -> assertThat(d.path("spec").path("replicas").asInt()).as(Kustomize.name(d)).isEqualTo(1));
        assertThat(all(all, "HorizontalPodAutoscaler")).isEmpty();
        assertThat(all(all, "PodDisruptionBudget")).isEmpty();
        assertThat(all(all, "Keycloak").getFirst().path("spec").path("instances").asInt()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "production", "observability"})
    void everythingLivesInTheSidanNamespaceAndTheIngressReachesWhatExists(String overlay) {
        List<ObjectNode> all = render(overlay);
        all.stream().filter(r -> !Kustomize.kind(r).equals("Namespace"))
                .forEach(r -> assertThat(r.path("metadata").path("namespace").asText()).as(Kustomize.id(r)).isEqualTo("sidan"));
        for (JsonNode backend : all(all, "Ingress").getFirst().path("spec").findValues("service")) {
            String name = backend.path("name").asText();
            // the Keycloak operator names its service <Keycloak>-service
            boolean exists = find(all, "Service", name).isPresent()
                    || all(all, "Keycloak").stream().anyMatch(k -> (Kustomize.name(k) + "-service").equals(name));
            assertThat(exists).as("ingress backend " + name).isTrue();
        }
    }

    @Test
    void theObservabilityOverlayScrapesEveryServiceAlertsAndShowsTheOverview() throws IOException {
        List<ObjectNode> all = render("observability");
        for (String module : Manifests.MODULES.stream().filter(m -> !m.equals("console")).toList()) {
            ObjectNode monitor = find(all, "ServiceMonitor", module).orElseThrow(() -> new AssertionError("no ServiceMonitor " + module));
            ObjectNode service = find(all, "Service", module).orElseThrow();
            // it selects the service by labels the service has, on a port the service names
            monitor.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(label ->
                    assertThat(service.path("metadata").path("labels").path(label.getKey()).asText()).as(module + " " + label.getKey())
                            .isEqualTo(label.getValue().asText()));
            JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
            assertThat(service.path("spec").path("ports").findValuesAsText("name")).as(module).contains(endpoint.path("port").asText());
            assertThat(endpoint.path("path").asText()).isEqualTo(service.path("metadata").path("annotations").path("prometheus.io/path").asText());
            // and Prometheus may reach the application's port
            String port = properties(module).getProperty("quarkus.http.port");
            assertThat(find(all, "NetworkPolicy", "sidan-metrics-scrape").orElseThrow().path("spec").findValuesAsText("port"))
                    .as(module).contains(port);
        }
        List<JsonNode> rules = all(all, "PrometheusRule").stream().flatMap(r -> r.path("spec").path("groups").findValues("rules").stream())
                .flatMap(list -> java.util.stream.StreamSupport.stream(list.spliterator(), false)).toList();
        assertThat(rules).extracting(r -> r.path("alert").asText()).contains("SidanRelayWithoutLeader", "SidanOutboxBacklogGrowing",
                "SidanConsumerLag", "SidanDeadLetters", "SidanSlaBreachRate", "SidanServerErrors");
        rules.forEach(r -> {
            assertThat(r.path("labels").path("severity").asText()).as(r.path("alert").asText()).isIn("warning", "critical");
            assertThat(r.path("annotations").path("summary").asText()).as(r.path("alert").asText()).isNotBlank();
        });
        JsonNode dashboard = Kustomize.YAML.readTree(find(all, "ConfigMap", "sidan-dashboard").orElseThrow()
                .path("data").path("sidan-overview.json").asText());
        assertThat(dashboard.path("panels").findValuesAsText("title")).contains("Waiting queue by urgency and escalation");
        dashboard.path("panels").forEach(panel -> assertThat(panel.path("targets").findValuesAsText("expr")).as(panel.path("title").asText()).isNotEmpty());
    }

    @Test
    void theObservabilityOverlaySendsEveryServicesTracesToTheCollectorAndTheBaseSendsNone() {
        JsonNode base = find(render("production"), "ConfigMap", "sidan-config").orElseThrow().path("data");
        assertThat(base.has("QUARKUS_OTEL_SDK_DISABLED")).as("tracing stays as the services default it: off").isFalse();
        List<ObjectNode> all = render("observability");
        JsonNode config = find(all, "ConfigMap", "sidan-config").orElseThrow().path("data");
        assertThat(config.path("QUARKUS_OTEL_SDK_DISABLED").asText()).isEqualTo("false");
        assertThat(config.path("SIDAN_KAFKA_BOOTSTRAP_SERVERS").asText()).as("the patch merges, it does not replace").isNotBlank();
        java.net.URI endpoint = java.net.URI.create(config.path("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT").asText());
        ObjectNode collector = find(all, "Service", endpoint.getHost()).orElseThrow(() -> new AssertionError("no Service " + endpoint.getHost()));
        assertThat(collector.path("spec").path("ports").findValuesAsText("port")).contains(String.valueOf(endpoint.getPort()));
        JsonNode egress = find(all, "NetworkPolicy", "sidan-traces-export").orElseThrow().path("spec");
        assertThat(egress.findValuesAsText("port")).contains(String.valueOf(endpoint.getPort()));
        assertThat(egress.path("egress").get(0).path("to").get(0).path("podSelector").path("matchLabels"))
                .isEqualTo(collector.path("spec").path("selector"));
        for (String module : Manifests.MODULES.stream().filter(m -> !m.equals("console")).toList()) {
            assertThat(egress.path("podSelector").path("matchExpressions").get(0).path("values").toString()).contains(module);
            ObjectNode deployment = find(all, "Deployment", module).orElseThrow();
            assertThat(deployment.path("spec").path("template").path("spec").path("containers").get(0).path("envFrom").findValuesAsText("name"))
                    .as(module + " reads sidan-config").contains("sidan-config");
        }
    }

    /** kubectl is not needed, but where it is installed its rendering must equal this test's. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "production", "observability"})
    void kubectlKustomizeRendersTheSameWhereItIsInstalled(String overlay) throws Exception {
        Optional<Path> kubectl = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(d -> Path.of(d, "kubectl")).filter(Files::isExecutable).findFirst();
        org.junit.jupiter.api.Assumptions.assumeTrue(kubectl.isPresent(), "kubectl is not installed here");
        Process p = new ProcessBuilder(kubectl.get().toString(), "kustomize", K8S.resolve("overlays/" + overlay).toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        Path rendered = Files.createTempFile("kubectl-" + overlay, ".yaml");
        Files.writeString(rendered, out);
        Map<String, JsonNode> theirs = Kustomize.read(rendered).stream().collect(Collectors.toMap(Kustomize::id, r -> r));
        Map<String, JsonNode> ours = render(overlay).stream().collect(Collectors.toMap(Kustomize::id, r -> r));
        assertThat(theirs.keySet()).isEqualTo(ours.keySet());
        ours.forEach((id, r) -> assertThat(theirs.get(id)).as(id).isEqualTo(r));
    }

    // ---- no drift ----

    /**
     * Compared as resources, not as text: quarkus-kubernetes does not keep the order of labels from one
     * build to the next, which changes nothing.
     */
    @Test
    void theMadePartsOfDeployK8sAreWhatTheBuildMakesNow() throws IOException {
        for (Map.Entry<String, String> made : Manifests.expected(ROOT).entrySet()) {
            Path committed = ROOT.resolve(made.getKey());
            assertThat(committed).as(made.getKey() + " (run ./sidan k8s)").exists();
            Path expected = Files.createTempFile("expected", ".yaml");
            Files.writeString(expected, made.getValue());
            Map<String, JsonNode> want = Kustomize.read(expected).stream().collect(Collectors.toMap(Kustomize::id, r -> r));
            Map<String, JsonNode> have = Kustomize.read(committed).stream().collect(Collectors.toMap(Kustomize::id, r -> r));
            assertThat(have.keySet()).as(made.getKey() + " resources (run ./sidan k8s)").isEqualTo(want.keySet());
            want.forEach((id, resource) -> assertThat(have.get(id)).as(made.getKey() + ": " + id
                    + " differs from what the build makes: run ./sidan k8s").isEqualTo(resource));
            Files.delete(expected);
        }
    }

    // ---- helpers ----

    private static JsonNode container(List<ObjectNode> all, String module) {
        ObjectNode d = find(all, "Deployment", module).orElseThrow(() -> new AssertionError("no Deployment " + module));
        for (JsonNode c : d.path("spec").path("template").path("spec").path("containers")) {
            if (c.path("name").asText().equals(module)) {
                return c;
            }
        }
        throw new AssertionError("Deployment " + module + " has no container " + module);
    }

    private static int mostInstances(List<ObjectNode> all, String module) {
        return all(all, "HorizontalPodAutoscaler").stream()
                .filter(h -> h.path("spec").path("scaleTargetRef").path("name").asText().equals(module))
                .map(h -> h.path("spec").path("maxReplicas").asInt()).findFirst()
                .orElseGet(() -> find(all, "Deployment", module).orElseThrow().path("spec").path("replicas").asInt(1));
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        JsonNode match = selector.path("matchLabels");
        if (match.isEmpty()) {
            return false;
        }
        for (var it = match.fields(); it.hasNext(); ) {
            var f = it.next();
            if (!f.getValue().asText().equals(labels.path(f.getKey()).asText())) {
                return false;
            }
        }
        return true;
    }

    private static void collectSecretRefs(JsonNode node, String where, List<String[]> out) {
        if (node.isObject()) {
            if (node.has("secretKeyRef")) {
                out.add(new String[] {node.path("secretKeyRef").path("name").asText(), node.path("secretKeyRef").path("key").asText(), where});
            }
            if (node.has("secretRef")) {
                out.add(new String[] {node.path("secretRef").path("name").asText(), null, where});
            }
            for (String field : List.of("usernameSecret", "passwordSecret")) {
                if (node.has(field)) {
                    out.add(new String[] {node.path(field).path("name").asText(), node.path(field).path("key").asText(), where});
                }
            }
            if (node.has("secretName")) {
                out.add(new String[] {node.path("secretName").asText(), null, where});
            }
            node.fields().forEachRemaining(f -> collectSecretRefs(f.getValue(), where, out));
        } else if (node.isArray()) {
            node.forEach(n -> collectSecretRefs(n, where, out));
        }
    }

    private static Set<String> readsFromEnvironment(String module) throws IOException {
        String text = Files.readString(ROOT.resolve("services").resolve(module).resolve("src/main/resources/application.properties"));
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]").matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(names).as(module + " reads settings from its environment").isNotEmpty();
        return names;
    }

    private static Properties properties(String module) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(ROOT.resolve("services").resolve(module).resolve("src/main/resources/application.properties"))) {
            p.load(in);
        }
        return p;
    }

    private static List<ObjectNode> all(List<ObjectNode> resources, String kind) {
        return resources.stream().filter(r -> Kustomize.kind(r).equals(kind)).toList();
    }

    private static Optional<ObjectNode> find(List<ObjectNode> resources, String kind, String name) {
        return resources.stream().filter(r -> Kustomize.kind(r).equals(kind) && Kustomize.name(r).equals(name)).findFirst();
    }
}
