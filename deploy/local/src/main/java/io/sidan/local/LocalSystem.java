package io.sidan.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.jar.Manifest;

import io.sidan.contracts.Topics;
import io.sidan.testing.KafkaBroker;
import io.sidan.testing.Postgres;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The whole of Sidan on one machine, on embedded defaults: PostgreSQL with one database per service,
 * a single-node KRaft Kafka broker, Keycloak with the {@code sidan} realm, the three services and the
 * web console as processes. Data lives under one folder and survives restarts. {@code ./sidan up} and the system
 * tests both use it.
 *
 * <p>With several instances per service ({@code ./sidan up --replicas 2}), Kafka is a cluster of three
 * KRaft nodes, each its own process (replication factor 3, two in-sync replicas), every service runs that
 * many processes on distinct ports, and the console spreads the calls over them.
 */
public final class LocalSystem implements AutoCloseable {

    public static final String REQUEST = "request-service";
    public static final String DISPATCH = "dispatch-service";
    public static final String RATING = "rating-service";
    public static final List<String> SERVICES = List.of(REQUEST, DISPATCH, RATING);
    public static final String CONSOLE = "console";
    /** System property: extra JVM options for the service processes (space-separated), for profiling. */
    public static final String SERVICE_JVM_OPTIONS = "sidan.service-jvm-options";
    public static final int PARTITIONS = 6;
    /** Kafka nodes when services run several instances: enough for replication factor 3, min ISR 2. */
    public static final int KAFKA_CLUSTER_NODES = 3;
    /**
     * Service settings that lift the per-user write limits: for the tests and the benchmark, which write
     * far more as one user than a person would.
     */
    public static final Map<String, String> NO_RATE_LIMITS = Map.of("sidan.http.rate-limit.writes-per-minute", "0",
            "sidan.http.rate-limit.resident-writes-per-hour", "0");

    private final Settings settings;
    private final Map<String, List<ServiceProcess>> services = new LinkedHashMap<>();
    private final List<ServiceProcess> kafkaNodes = new ArrayList<>();
    private final Map<String, Integer> extraPorts = new HashMap<>();
    private Postgres postgres;
    private LocalKeys keys;
    private KafkaBroker kafka;
    private ServiceProcess keycloak;

    /**
     * @param root             the project's root folder (where {@code ./sidan} is)
     * @param dataDir          where PostgreSQL, Kafka and logs keep their data
     * @param ports            the ports to use
     * @param serviceConfig    extra configuration per service name, as Quarkus property → value
     * @param keepIdentityData whether Keycloak keeps its users and sessions on disk (./sidan up) or in
     *                         memory, importing the realm afresh each start (tests)
     * @param instances        processes per service (the console stays one); above one, Kafka runs as a
     *                         cluster of {@value #KAFKA_CLUSTER_NODES} nodes
     * @param brokerProcess    whether a single Kafka broker runs as its own process rather than inside this
     *                         JVM (the benchmark does, to measure each part's CPU apart); a cluster always does
     */
    public record Settings(Path root, Path dataDir, Ports ports, Map<String, Map<String, String>> serviceConfig,
                           boolean keepIdentityData, int instances, boolean brokerProcess) {

        public Settings(Path root, Path dataDir, Ports ports, Map<String, Map<String, String>> serviceConfig,
                        boolean keepIdentityData, int instances) {
            this(root, dataDir, ports, serviceConfig, keepIdentityData, instances, false);
        }

        public Settings(Path root, Path dataDir, Ports ports, Map<String, Map<String, String>> serviceConfig,
                        boolean keepIdentityData) {
            this(root, dataDir, ports, serviceConfig, keepIdentityData, 1);
        }

        public int kafkaNodes() {
            return instances > 1 ? KAFKA_CLUSTER_NODES : 1;
        }

        /** The unpacked Keycloak distribution (the deploy/local build puts it there). */
        public Path keycloakHome() {
            return root.resolve("deploy/local/data/keycloak-" + keycloakVersion());
        }
    }

    public record Ports(int postgres, int kafka, int kafkaController, int keycloak, int request, int dispatch, int rating,
                        int console) {

        public static Ports standard() {
            return new Ports(5432, 9092, 9093, 8180, 8081, 8082, 8083, 8080);
        }

        /** Free ports picked at random (for tests that must not collide with a running ./sidan up). */
        public static Ports random() {
            return new Ports(free(), free(), free(), free(), free(), free(), free(), free());
        }

        public Map<String, Integer> byName() {
            Map<String, Integer> m = new LinkedHashMap<>();
            m.put("PostgreSQL", postgres);
            m.put("Kafka", kafka);
            m.put("Kafka controller", kafkaController);
            m.put("Keycloak", keycloak);
            m.put(REQUEST, request);
            m.put(DISPATCH, dispatch);
            m.put(RATING, rating);
            m.put(CONSOLE, console);
            return m;
        }

        public int of(String service) {
            return switch (service) {
                case REQUEST -> request;
                case DISPATCH -> dispatch;
                case RATING -> rating;
                case CONSOLE -> console;
                default -> throw new IllegalArgumentException(service);
            };
        }
    }

    /** The same settings for every service, and for some services more (which win). */
    public static Map<String, Map<String, String>> serviceConfig(Map<String, String> all, Map<String, Map<String, String>> perService) {
        Map<String, Map<String, String>> config = new LinkedHashMap<>();
        for (String service : SERVICES) {
            Map<String, String> merged = new LinkedHashMap<>(all);
            merged.putAll(perService.getOrDefault(service, Map.of()));
            config.put(service, merged);
        }
        return config;
    }

    public LocalSystem(Settings settings) {
        this.settings = settings;
    }

    /** Names the first port that is taken, or null when all are free. */
    public static String takenPort(Ports ports, int instances) {
        LocalSystem probe = new LocalSystem(new Settings(Path.of("."), Path.of("."), ports, Map.of(), false, instances));
        Map<String, Integer> all = new LinkedHashMap<>(ports.byName());
        for (int n = 1; n < probe.settings.kafkaNodes(); n++) {
            all.put("Kafka node " + (n + 1), probe.kafkaPort(n));
            all.put("Kafka node " + (n + 1) + " controller", probe.kafkaControllerPort(n));
        }
        for (String service : SERVICES) {
            for (int i = 1; i < instances; i++) {
                all.put(service + " #" + (i + 1), probe.port(service, i));
            }
        }
        for (Map.Entry<String, Integer> p : all.entrySet()) {
            try (ServerSocket s = new ServerSocket(p.getValue())) {
                s.setReuseAddress(true);
            } catch (IOException e) {
                return p.getKey() + " port " + p.getValue();
            }
        }
        return null;
    }

    /** Starts everything and waits until every part is healthy. */
    public void start() {
        Ports ports = settings.ports();
        Path data = settings.dataDir();
        CompletableFuture<Void> identity = CompletableFuture.runAsync(this::startKeycloak);
        postgres = Postgres.start(data.resolve("postgres"), ports.postgres());
        for (String db : List.of("request", "dispatch", "rating")) {
            postgres.createDatabase(db);
        }
        if (settings.kafkaNodes() == 1 && !settings.brokerProcess()) {
            kafka = KafkaBroker.start(data.resolve("kafka"), ports.kafka(), ports.kafkaController(), PARTITIONS);
        } else {
            startKafkaCluster();
        }
        createTopics();
        identity.join();
        List<ServiceProcess> all = new ArrayList<>();
        for (String service : SERVICES) {
            List<ServiceProcess> instances = new ArrayList<>();
            for (int i = 0; i < settings.instances(); i++) {
                instances.add(serviceProcess(service, i));
            }
            services.put(service, instances);
            all.addAll(instances);
        }
        services.put(CONSOLE, List.of(consoleProcess()));
        all.add(services.get(CONSOLE).getFirst());
        all.forEach(ServiceProcess::start);
        all.forEach(s -> s.awaitReady(Duration.ofSeconds(180)));
    }

    /** The first instance of a service (or the console). */
    public ServiceProcess service(String name) {
        return services.get(name).getFirst();
    }

    /** Every instance of a service, the first first. */
    public List<ServiceProcess> instances(String name) {
        return List.copyOf(services.get(name));
    }

    /** The Kafka nodes run as processes (several instances per service, or asked for), else empty: the broker is {@link #kafka()}. */
    public List<ServiceProcess> kafkaNodes() {
        return List.copyOf(kafkaNodes);
    }

    /** Where clients find Kafka: every node. */
    public String bootstrapServers() {
        if (kafka != null) {
            return kafka.bootstrapServers();
        }
        List<String> nodes = new ArrayList<>();
        for (int n = 0; n < settings.kafkaNodes(); n++) {
            nodes.add("localhost:" + kafkaPort(n));
        }
        return String.join(",", nodes);
    }

    /** The single in-process broker, or null when Kafka runs as processes. */
    public KafkaBroker kafka() {
        return kafka;
    }

    public Postgres postgres() {
        return postgres;
    }

    /** The identity provider's process. */
    public ServiceProcess keycloak() {
        return keycloak;
    }

    public String baseUrl(String service) {
        return baseUrl(service, 0);
    }

    /** The base URL of a service's instance (0 is the first). */
    public String baseUrl(String service, int instance) {
        return "http://localhost:" + port(service, instance);
    }

    /** The base URLs of every instance of a service. */
    public List<String> baseUrls(String service) {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < (service.equals(CONSOLE) ? 1 : settings.instances()); i++) {
            urls.add(baseUrl(service, i));
        }
        return urls;
    }

    /** Port of a service's instance: the standard ports add 10 per instance (8081, 8091, …), random ones are drawn. */
    int port(String service, int instance) {
        return instance == 0 ? settings.ports().of(service)
                : extraPort(service + "#" + instance, settings.ports().of(service) + 10 * instance);
    }

    int kafkaPort(int node) {
        return node == 0 ? settings.ports().kafka() : extraPort("kafka#" + node, settings.ports().kafka() + 2 * node);
    }

    int kafkaControllerPort(int node) {
        return node == 0 ? settings.ports().kafkaController()
                : extraPort("kafka-controller#" + node, settings.ports().kafkaController() + 2 * node);
    }

    private synchronized int extraPort(String key, int standard) {
        return extraPorts.computeIfAbsent(key, k -> settings.ports().equals(Ports.standard()) ? standard : free());
    }

    /** The web console, where people go. */
    public String consoleUrl() {
        return baseUrl(CONSOLE);
    }

    public String keycloakUrl() {
        return "http://localhost:" + settings.ports().keycloak();
    }

    public String issuer() {
        return keycloakUrl() + "/realms/sidan";
    }

    @Override
    public void close() {
        List<ServiceProcess> running = services.values().stream().flatMap(List::stream).toList();
        running.parallelStream().forEach(ServiceProcess::stop);
        if (keycloak != null) {
            keycloak.stop();
        }
        if (kafka != null) {
            kafka.stop();
        }
        kafkaNodes.parallelStream().forEach(ServiceProcess::stop);
        if (postgres != null) {
            postgres.close();
        }
    }

    private void createTopics() {
        List<NewTopic> topics = new ArrayList<>();
        short replicas = (short) settings.kafkaNodes();
        Map<String, String> config = replicas > 1 ? Map.of("retention.ms", "-1", "min.insync.replicas", "2")
                : Map.of("retention.ms", "-1");
        for (String topic : Topics.ALL) {
            for (String name : List.of(topic, Topics.deadLetter(topic))) {
                topics.add(new NewTopic(name, PARTITIONS, replicas).configs(config));
            }
        }
        try (Admin admin = KafkaBroker.admin(bootstrapServers())) {
            admin.createTopics(topics).values().forEach((name, future) -> {
                try {
                    future.get();
                } catch (Exception e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + name, e);
                    }
                }
            });
        }
    }

    /** KRaft nodes (broker and controller each: three, or one when asked for) as processes, so one can be killed with SIGKILL. */
    private void startKafkaCluster() {
        List<String> voters = new ArrayList<>();
        for (int n = 0; n < settings.kafkaNodes(); n++) {
            voters.add((n + 1) + "@localhost:" + kafkaControllerPort(n));
        }
        for (int n = 0; n < settings.kafkaNodes(); n++) {
            int port = kafkaPort(n);
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    "io.sidan.testing.KafkaBroker", settings.dataDir().resolve("kafka-" + (n + 1)).toString(),
                    String.valueOf(n + 1), String.valueOf(port), String.valueOf(kafkaControllerPort(n)),
                    String.join(",", voters), String.valueOf(PARTITIONS), String.valueOf(settings.kafkaNodes()));
            int nodeId = n + 1;
            kafkaNodes.add(new ServiceProcess("kafka-" + nodeId, command, Map.of(), settings.root(),
                    settings.dataDir().resolve("logs/kafka-" + nodeId + ".log"), () -> kafkaNodeAnswers(port, nodeId)));
        }
        kafkaNodes.forEach(ServiceProcess::start);
        kafkaNodes.forEach(node -> node.awaitReady(Duration.ofSeconds(120)));
    }

    /** Whether the node at this port is up and sees the whole cluster. */
    private boolean kafkaNodeAnswers(int port, int nodeId) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + port,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000))) {
            var nodes = admin.describeCluster().nodes().get(3, java.util.concurrent.TimeUnit.SECONDS);
            return nodes.size() == settings.kafkaNodes() && nodes.stream().anyMatch(node -> node.id() == nodeId);
        } catch (Exception e) {
            return false;
        }
    }

    private void startKeycloak() {
        Path home = settings.keycloakHome();
        if (!Files.isDirectory(home)) {
            throw new IllegalStateException("Keycloak is not unpacked at " + home + "; build with ./sidan build first");
        }
        try {
            Path imports = home.resolve("data/import");
            Files.createDirectories(imports);
            // the realm lets the console log in from where it runs (port 8080 unless the ports are random)
            String realm = Files.readString(settings.root().resolve("deploy/local/keycloak/sidan-realm.json"))
                    .replace("http://localhost:8080", consoleUrl());
            Files.writeString(imports.resolve("sidan-realm.json"), realm);
            home.resolve("bin/kc.sh").toFile().setExecutable(true);
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare Keycloak", e);
        }
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx384m");
        int port = settings.ports().keycloak();
        // one fixed public address, so the issuer in tokens is the same whichever host name a client used
        // (http://127.0.0.1:8180 and http://localhost:8180 would otherwise issue two different issuers)
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-port=" + port, "--import-realm", "--cache=local",
                "--hostname=" + keycloakUrl()));
        if (!settings.keepIdentityData()) {
            command.add("--db=dev-mem");
        }
        keycloak = new ServiceProcess("keycloak", command, env, home, settings.dataDir().resolve("logs/keycloak.log"),
                URI.create("http://localhost:" + port + "/realms/sidan/.well-known/openid-configuration"));
        keycloak.start();
        keycloak.awaitReady(Duration.ofSeconds(240));
    }

    /** The keys of this run (checkpoint signing keys, the master key), made on the first start and kept with the data. */
    public synchronized LocalKeys keys() {
        if (keys == null) {
            keys = new LocalKeys(settings.dataDir().resolve("integrity-keys.properties"), SERVICES);
        }
        return keys;
    }

    private ServiceProcess serviceProcess(String service, int instance) {
        Ports ports = settings.ports();
        String db = service.substring(0, service.indexOf('-'));
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.http.port", String.valueOf(port(service, instance)));
        config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + ports.postgres() + "/" + db);
        config.put("quarkus.datasource.username", Postgres.USER);
        config.put("quarkus.datasource.password", Postgres.PASSWORD);
        config.put("kafka.bootstrap.servers", bootstrapServers());
        config.put("quarkus.oidc.auth-server-url", issuer());
        if (settings.instances() > 1) {
            // N instances together open no more connections than one does
            config.put("quarkus.datasource.jdbc.max-size", String.valueOf(Math.max(8, 40 / settings.instances())));
        }
        if (service.equals(DISPATCH)) { // where requests' data keys are kept
            config.put("sidan.dispatch.request-service-url", baseUrl(REQUEST, instance % settings.instances()));
        }
        config.putAll(keys().configFor(service));
        config.putAll(settings.serviceConfig().getOrDefault(service, Map.of()));
        String name = instance == 0 ? service : service + "-" + (instance + 1);
        return javaProcess(service, name, config, "-Xmx192m");
    }

    private ServiceProcess consoleProcess() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.http.port", String.valueOf(settings.ports().console()));
        config.put("sidan.console.request-service", String.join(",", baseUrls(REQUEST)));
        config.put("sidan.console.dispatch-service", String.join(",", baseUrls(DISPATCH)));
        config.put("sidan.console.rating-service", String.join(",", baseUrls(RATING)));
        config.put("sidan.console.keycloak-url", keycloakUrl());
        return javaProcess(CONSOLE, CONSOLE, config, "-Xmx96m");
    }

    /** The packaged module {@code service} as a process called {@code name} (its log file's name). */
    private ServiceProcess javaProcess(String service, String name, Map<String, String> config, String heap) {
        Path jar = settings.root().resolve("services").resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing; build with ./sidan build first");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xms32m");
        command.add(heap);
        command.add("-XX:+UseSerialGC");
        command.add("-XX:MaxMetaspaceSize=128m");
        command.add("-XX:ReservedCodeCacheSize=64m");
        command.add("-Xss512k");
        // for profiling, e.g. -Dsidan.service-jvm-options="-XX:NativeMemoryTracking=summary -XX:StartFlightRecording=…";
        // {name} stands for the process's name, for options that need a file of their own (-XX:AOTConfiguration=/tmp/{name}.aotconfig)
        for (String option : System.getProperty(SERVICE_JVM_OPTIONS, "").trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option.replace("{name}", name));
            }
        }
        config.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        // glibc keeps up to 8 malloc arenas per core, most of them half-used: two are plenty for a service
        return new ServiceProcess(name, command, Map.of("MALLOC_ARENA_MAX", "2"), settings.root(),
                settings.dataDir().resolve("logs/" + name + ".log"),
                URI.create("http://localhost:" + config.get("quarkus.http.port") + "/q/health/ready"));
    }

    /** The Keycloak version this launcher was built with (from its manifest; 26.4.2 otherwise). */
    public static String keycloakVersion() {
        try (InputStream in = LocalSystem.class.getResourceAsStream("/META-INF/MANIFEST.MF")) {
            if (in != null) {
                String v = new Manifest(in).getMainAttributes().getValue("Keycloak-Version");
                if (v != null) {
                    return v;
                }
            }
        } catch (IOException ignored) {
            // fall through to the default
        }
        return "26.4.2";
    }

    private static int free() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
