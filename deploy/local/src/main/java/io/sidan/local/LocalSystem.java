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
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The whole of Sidan on one machine, on embedded defaults: PostgreSQL with one database per service,
 * a single-node KRaft Kafka broker, Keycloak with the {@code sidan} realm, the three services and the
 * web console as processes. Data lives under one folder and survives restarts. {@code ./sidan up} and the system
 * tests both use it.
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

    private final Settings settings;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private Postgres postgres;
    private KafkaBroker kafka;
    private ServiceProcess keycloak;

    /**
     * @param root             the project's root folder (where {@code ./sidan} is)
     * @param dataDir          where PostgreSQL, Kafka and logs keep their data
     * @param ports            the ports to use
     * @param serviceConfig    extra configuration per service name, as Quarkus property → value
     * @param keepIdentityData whether Keycloak keeps its users and sessions on disk (./sidan up) or in
     *                         memory, importing the realm afresh each start (tests)
     */
    public record Settings(Path root, Path dataDir, Ports ports, Map<String, Map<String, String>> serviceConfig,
                           boolean keepIdentityData) {

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

    public LocalSystem(Settings settings) {
        this.settings = settings;
    }

    /** Names the first port that is taken, or null when all are free. */
    public static String takenPort(Ports ports) {
        for (Map.Entry<String, Integer> p : ports.byName().entrySet()) {
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
        kafka = KafkaBroker.start(data.resolve("kafka"), ports.kafka(), ports.kafkaController(), PARTITIONS);
        createTopics();
        identity.join();
        for (String service : SERVICES) {
            services.put(service, serviceProcess(service));
        }
        services.put(CONSOLE, consoleProcess());
        services.values().forEach(ServiceProcess::start);
        services.values().forEach(s -> s.awaitReady(Duration.ofSeconds(120)));
    }

    public ServiceProcess service(String name) {
        return services.get(name);
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public Postgres postgres() {
        return postgres;
    }

    public String baseUrl(String service) {
        return "http://localhost:" + settings.ports().of(service);
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
        List<ServiceProcess> running = new ArrayList<>(services.values());
        running.parallelStream().forEach(ServiceProcess::stop);
        if (keycloak != null) {
            keycloak.stop();
        }
        if (kafka != null) {
            kafka.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private void createTopics() {
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : Topics.ALL) {
            for (String name : List.of(topic, Topics.deadLetter(topic))) {
                topics.add(new NewTopic(name, PARTITIONS, (short) 1).configs(Map.of("retention.ms", "-1")));
            }
        }
        try (Admin admin = kafka.admin()) {
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

    private ServiceProcess serviceProcess(String service) {
        Ports ports = settings.ports();
        String db = service.substring(0, service.indexOf('-'));
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.http.port", String.valueOf(ports.of(service)));
        config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + ports.postgres() + "/" + db);
        config.put("quarkus.datasource.username", Postgres.USER);
        config.put("quarkus.datasource.password", Postgres.PASSWORD);
        config.put("kafka.bootstrap.servers", "localhost:" + ports.kafka());
        config.put("quarkus.oidc.auth-server-url", issuer());
        config.putAll(settings.serviceConfig().getOrDefault(service, Map.of()));
        return javaProcess(service, config, "-Xmx192m");
    }

    private ServiceProcess consoleProcess() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.http.port", String.valueOf(settings.ports().console()));
        config.put("sidan.console.request-service", baseUrl(REQUEST));
        config.put("sidan.console.dispatch-service", baseUrl(DISPATCH));
        config.put("sidan.console.rating-service", baseUrl(RATING));
        config.put("sidan.console.keycloak-url", keycloakUrl());
        return javaProcess(CONSOLE, config, "-Xmx96m");
    }

    private ServiceProcess javaProcess(String service, Map<String, String> config, String heap) {
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
        // for profiling, e.g. -Dsidan.service-jvm-options="-XX:NativeMemoryTracking=summary -XX:StartFlightRecording=…"
        for (String option : System.getProperty(SERVICE_JVM_OPTIONS, "").trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        config.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        // glibc keeps up to 8 malloc arenas per core, most of them half-used: two are plenty for a service
        return new ServiceProcess(service, command, Map.of("MALLOC_ARENA_MAX", "2"), settings.root(),
                settings.dataDir().resolve("logs/" + service + ".log"),
                URI.create(baseUrl(service) + "/q/health/ready"));
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
