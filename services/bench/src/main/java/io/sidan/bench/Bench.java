package io.sidan.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.sidan.contracts.envelope.EventJson;
import io.sidan.contracts.events.Category;
import io.sidan.local.LocalSystem;
import io.sidan.testing.QuietLogs;

/**
 * {@code ./sidan bench}: starts the whole system on embedded defaults (fresh data, free ports), warms
 * it up, runs every measurement and writes {@code docs/benchmarks.md}. {@code --quick} runs each step
 * for a shorter time (a smoke run of the harness; its figures are not for the report of record).
 */
public final class Bench {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The services' default sidan.eventing.relay.batch-size. */
    static final int RELAY_BATCH = 2000;
    /** The dispatch service's default sidan.dispatch.auto-categories. */
    /** Waits until the request service's roll-up job has left no cell marked changed; how long that took. */
    private static Duration awaitRollUps(AgroalDataSource db) throws Exception {
        long started = System.nanoTime();
        while (true) {
            try (Connection c = db.getConnection(); Statement s = c.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("select exists (select 1 from audit_dirty)")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return Duration.ofNanos(System.nanoTime() - started);
                }
            }
            Thread.sleep(500);
        }
    }

    private static final List<String> AUTO_DISPATCHED = List.of("EMERGENCY_RESCUE");
    /** The steps, for {@code --only=relay,audit}: a partial run writes its report under services/bench/target. */
    /**
     * No rate limits; checkpoints signed when the bench asks (section 7 times them at a known moment, not whenever
     * the 10-minute schedule falls), covering events from 5 s ago (no transaction here runs longer).
     */
    private static final Map<String, String> BENCH_CONFIG = Stream.concat(LocalSystem.NO_RATE_LIMITS.entrySet().stream(),
            Map.of("sidan.integrity.checkpoint-every", "24h", "sidan.integrity.settle", "5s").entrySet().stream())
            .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    /** Requests submitted through the API between two checkpoints, to time a checkpoint of what is new at scale. */
    private static final int REQUESTS_BETWEEN_CHECKPOINTS = 50;

    private static final int QUIET_SECONDS = 3;
    private static final int QUIET_MILLIS_PER_SECOND = 500;
    private static final Set<String> STEPS = Set.of("cpu", "submit", "propagation", "lifecycle", "relay", "rebuild", "audit");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The CPU step: its submit rate (one the system sustains, so the step measures cost, not a backlog) and idle time. */
    private static final int CPU_RATE = 100;
    private static final int CPU_IDLE_SECONDS = 10;
    /** Long enough for the code a submit runs once to pass the optimizing compiler's thresholds (see the report). */
    private static final int CPU_WARM_UP_SECONDS = 300;
    static final String LOAD_GENERATOR = "load generator (bench JVM, Gatling)";

    private Bench() {
    }

    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Throwable e) {
            System.err.println("bench: failed: " + e);
            e.printStackTrace();
            System.exit(1); // the shutdown hook stops the system
        }
    }

    private static void run(String[] args) throws Exception {
        QuietLogs.apply();
        boolean quick = List.of(args).contains("--quick");
        Set<String> only = List.of(args).stream().filter(a -> a.startsWith("--only=")).findFirst()
                .map(a -> Set.of(a.substring("--only=".length()).split(","))).orElse(STEPS);
        if (!STEPS.containsAll(only)) {
            throw new IllegalArgumentException("--only takes some of " + STEPS);
        }
        boolean partial = !only.equals(STEPS);
        Path root = Path.of(System.getProperty("sidan.root", ".")).toAbsolutePath().normalize();
        Path work = root.resolve("services/bench/target/bench-run");
        deleteTree(work);
        Files.createDirectories(work);
        Report report = new Report(root, quick || partial);

        // the broker in its own process, so that its CPU time is measured apart from the load generator's
        LocalSystem system = new LocalSystem(new LocalSystem.Settings(root, work.resolve("data"), LocalSystem.Ports.random(),
                // the generated history spans two years: keep its personal data longer than that, or the retention
                // job would be erasing it (and dispatch forgetting contacts) while rebuilds and reports are timed
                LocalSystem.serviceConfig(BENCH_CONFIG, Map.of(LocalSystem.REQUEST,
                        Map.of("sidan.requests.personal-data-retention", "P1000D"))), false, 1, true));
        Runtime.getRuntime().addShutdownHook(new Thread(system::close, "bench-stop"));
        say("starting the system (PostgreSQL, Kafka, Keycloak, services)…");
        system.start();
        RssPeaks rssPeaks = new RssPeaks();
        Thread rss = Thread.ofPlatform().daemon(true).start(() -> sampleRss(system, rssPeaks));

        Map<String, String> props = new HashMap<>();
        props.put(Load.REQUEST_URL, system.baseUrl(LocalSystem.REQUEST));
        props.put(Load.DISPATCH_URL, system.baseUrl(LocalSystem.DISPATCH));
        props.put(Load.RATING_URL, system.baseUrl(LocalSystem.RATING));
        for (String user : List.of("resident1", "dispatcher1", "team-red", "team-blue", "admin1")) {
            props.put("bench.token." + user, token(system, user));
        }
        props.put(Load.CATEGORIES, String.join(",", codes(get(system, LocalSystem.REQUEST, "/api/catalogue", props.get("bench.token.admin1")))));
        props.put(Load.GRIDS, String.join(",", codes(get(system, LocalSystem.REQUEST, "/api/grids", props.get("bench.token.admin1")))));
        for (String teamId : List.of("red-vest", "blue-sky")) {
            JsonNode team = raiseCapacity(system, teamId, props.get("bench.token.admin1"));
            List<String> categories = new ArrayList<>();
            team.get("categories").forEach(c -> categories.add(c.asText()));
            // lifecycles use directive dispatch; the dispatch service assigns these categories by itself
            categories.removeAll(AUTO_DISPATCHED);
            props.put(Load.teamCategories(teamId), String.join(",", categories));
            props.put(Load.teamVolunteer(teamId), team.get("members").get(0).get("volunteerId").asText());
        }
        Path results = work.resolve("gatling");
        int step = quick ? 8 : 20;

        if (only.contains("cpu") || only.contains("submit") || only.contains("propagation") || only.contains("lifecycle")) {
            rssPeaks.step("warm-up", true);
            say("warming up: submits at 100/s for " + step + " s");
            gatling(SubmitSimulation.class, results, props, 100, step);
            gatling(LifecycleSimulation.class, results, props, 10, step);
        }

        if (only.contains("cpu")) {
            rssPeaks.step("0. CPU per submit", true);
            settle(system);
            int warmUp = quick ? step : CPU_WARM_UP_SECONDS;
            say("0. CPU per submit: warming up at " + CPU_RATE + "/s for " + warmUp + " s");
            gatling(SubmitSimulation.class, results, props, CPU_RATE, warmUp);
            settle(system);
            CpuMeter meter = new CpuMeter(processParts(system, work.resolve("data/postgres")));
            int seconds = quick ? step : 60;
            say("   the system idle for " + CPU_IDLE_SECONDS + " s, then submits at " + CPU_RATE + "/s for " + seconds + " s");
            CpuMeter.Reading idleFrom = meter.read();
            Thread.sleep(CPU_IDLE_SECONDS * 1000L);
            CpuMeter.Reading idleTo = meter.read();
            Map<String, Relayed> relayedBefore = relayed(system);
            GatlingRun.Result r = gatling(SubmitSimulation.class, results, props, CPU_RATE, seconds);
            settle(system); // the submits' work downstream (relay, consumers) is part of their cost
            CpuMeter.Reading loadTo = meter.read();
            Map<String, Relayed> relayedDuring = new TreeMap<>();
            relayed(system).forEach((service, after) -> relayedDuring.put(service, after.since(relayedBefore.get(service))));
            report.cpu(CPU_RATE, warmUp, r.global().ok(), idleTo.since(idleFrom), idleTo.seconds(idleFrom), loadTo.since(idleTo),
                    loadTo.seconds(idleTo), relayedDuring);
            say("   " + Report.line(r.global()) + "; CPU ms: " + loadTo.since(idleTo));
        }

        if (only.contains("submit")) {
            rssPeaks.step("1. submits", true);
            say("1. submit throughput and latency at increasing rates");
            List<Integer> rates = quick ? List.of(200, 400) : List.of(25, 50, 100, 150, 250, 500, 1000, 1500, 2000, 2500, 3000);
            // five slow requests of a 20 s step at 25/s make its p99 (one pause of the database or a collector does
            // it): the ladder goes on past one slow step and stops at the second in a row, or at the first with errors
            int slowInARow = 0;
            for (int rate : rates) {
                GatlingRun.Result r = gatling(SubmitSimulation.class, results, props, rate, step);
                report.submit(rate, r);
                say("   " + rate + "/s: " + Report.line(r.global()));
                slowInARow = r.global().p99() > 50 ? slowInARow + 1 : 0;
                if (r.global().ko() > 0 || slowInARow == 2) {
                    break;
                }
            }
            rssPeaks.step("5. raw PostgreSQL", false);
            say("5. raw PostgreSQL single-row insert + commit, 40 connections (the request service's pool)");
            String row = Load.requestBody();
            report.rawPostgres(RawPostgres.insertRate(system.postgres().dataSource("request"), 40, quick ? 5 : 15, row));
        }

        if (only.contains("propagation")) {
            rssPeaks.step("2. propagation", true);
            settle(system);
            // the trickle first: measured after the overload, it would measure the overload's aftermath
            for (int rate : List.of(25, 300)) {
                say("2. propagation submit → dispatch queue at " + rate + "/s");
                Instant from = Instant.now();
                gatling(SubmitSimulation.class, results, props, rate, quick ? 10 : 30);
                Instant to = Instant.now();
                settle(system);
                report.propagation(rate, Measures.propagation(system.postgres().dataSource("request"),
                        system.postgres().dataSource("dispatch"), from, to));
            }
            // the overload leaves more than cases to open (assignments to fold back, roll-ups, vacuum): the
            // steps after it would measure its aftermath
            quiet(system, work);
        }

        if (only.contains("lifecycle")) {
            rssPeaks.step("3. lifecycles", true);
            settle(system);
            say("3. full lifecycles per second");
            for (int rate : quick ? List.of(20) : List.of(10, 25, 50, 100, 150, 200, 250)) {
                int seconds = quick ? 10 : 30;
                GatlingRun.Result r = gatling(LifecycleSimulation.class, results, props, rate, seconds);
                double completed = report.lifecycle(rate, seconds, r);
                say("   " + rate + "/s offered, " + completed + "/s completed: " + Report.line(r.global()));
                if (r.global().ko() > 0 || completed < 0.9 * rate) {
                    break; // errors, or the system no longer keeps up
                }
            }
        }

        if (only.contains("relay")) {
            rssPeaks.step("4. relay", false);
            say("4. outbox relay next to Kafka's ProducerPerformance");
            system.postgres().createDatabase("relaybench");
            // the services' default batch (sidan.eventing.relay.batch-size) first, then larger ones
            try (AgroalDataSource relayDb = Pooled.dataSource(system.postgres(), "relaybench", 4)) {
                report.relay(RelayVsProducer.measure(relayDb, system.bootstrapServers(), quick ? 20_000 : 200_000,
                        List.of(RELAY_BATCH, 500, 5000), work));
            }
        }

        if (only.contains("rebuild") || only.contains("audit")) {
            rssPeaks.step("6./7. history, rebuilds, audit", false);
            settle(system); // on a quiet system, not against the lifecycles' backlog
            int[] stages = quick ? new int[] {10_000, 50_000} : new int[] {100_000, 1_000_000};
            say("6./7. a history of " + stages[stages.length - 1] + " requests in every service's event store, in stages; "
                    + "after each, every projection rebuilt and the audit reports timed");
            String admin = props.get("bench.token.admin1");
            List<Category> categories = List.of(EventJson.mapper().treeToValue(
                    get(system, LocalSystem.REQUEST, "/api/catalogue", admin), Category[].class));
            List<String> teams = new ArrayList<>();
            get(system, LocalSystem.DISPATCH, "/api/teams", admin).forEach(t -> teams.add(t.path("teamId").asText()));
            Instant end = Instant.now();
            HistoryGenerator generator = new HistoryGenerator(categories, List.of(props.get(Load.GRIDS).split(",")), teams, end,
                    Duration.ofDays(730));
            List<Report.AuditStage> measured = new ArrayList<>();
            try (AgroalDataSource requestDb = Pooled.dataSource(system.postgres(), "request", 4);
                 AgroalDataSource dispatchDb = Pooled.dataSource(system.postgres(), "dispatch", 4);
                 AgroalDataSource ratingDb = Pooled.dataSource(system.postgres(), "rating", 4)) {
                HistoryGenerator.Stores stores = new HistoryGenerator.Stores(requestDb, dispatchDb, ratingDb);
                int loadedSoFar = 0;
                for (int stage = 0; stage < stages.length; stage++) {
                    HistoryGenerator.Result loaded = generator.generate(stores, stages[stage] - loadedSoFar, "s" + stage);
                    // a large load outlasts an access token (30 minutes in the realm): fresh ones after it
                    admin = token(system, "admin1");
                    String resident = token(system, "resident1");
                    loadedSoFar = stages[stage];
                    say("   loaded " + loaded.requests() + " requests (" + loaded.events() + " events, " + loaded.receivedEvents()
                            + " received copies) in " + loaded.took().toSeconds() + " s");
                    for (AgroalDataSource db : List.of(requestDb, dispatchDb, ratingDb)) {
                        vacuumAnalyze(db); // what autovacuum does after a bulk load, without waiting for it
                    }
                    Duration rolledUp = Duration.ZERO;
                    for (String service : LocalSystem.SERVICES) {
                        for (JsonNode name : get(system, service, "/api/admin/projections", admin)) {
                            JsonNode r = post(system, service, "/api/admin/projections/" + name.asText() + "/rebuild", admin);
                            report.rebuild(loadedSoFar, service, r.path("projection").asText(), r.path("events").asLong(),
                                    r.path("millis").asLong());
                            say("   rebuilt " + service + " " + r);
                        }
                        if (service.equals(LocalSystem.REQUEST)) {
                            // the request view's rebuild leaves every audit cell to roll up again: let the job finish
                            // before the next rebuild is timed, and time it
                            rolledUp = awaitRollUps(requestDb);
                            say("   rolled up in " + rolledUp.toSeconds() + " s");
                        }
                    }
                    // the services sign what the generator wrote: one checkpoint over the whole load, checking the whole
                    // store first, as the daily check does (its worst case at this size)
                    signCheckpoints(system, admin, report, loadedSoFar, true, "after the load, checking the store");
                    for (AgroalDataSource db : List.of(requestDb, dispatchDb, ratingDb)) {
                        vacuumAnalyze(db); // the rebuilt tables are new: vacuum them now, not autovacuum during the timings
                    }
                    if (only.contains("audit")) {
                        measured.add(new Report.AuditStage(loadedSoFar, loaded, rolledUp, AuditLatency.measure(
                                system.baseUrl(LocalSystem.REQUEST), admin, AuditLatency.endpoints(end), quick ? 5 : 100)));
                    }
                    // what the 10-minute schedule does at this size: a checkpoint of a few new events
                    for (int i = 0; i < REQUESTS_BETWEEN_CHECKPOINTS; i++) {
                        submit(system, resident,
                                Load.requestBody(List.of(props.get(Load.CATEGORIES).split(",")), List.of(props.get(Load.GRIDS).split(","))));
                    }
                    Thread.sleep(Duration.ofSeconds(8)); // settled (5 s) and passed on to dispatch and rating
                    signCheckpoints(system, admin, report, loadedSoFar, false,
                            REQUESTS_BETWEEN_CHECKPOINTS + " requests later");
                }
            }
            report.audit(measured);
        }

        rss.interrupt();
        report.rss(rssPeaks);
        Path written = report.write();
        say("report written to " + root.relativize(written));
    }

    /**
     * Which part of the system a process is: a service (all its instances), the console, Keycloak, Kafka,
     * PostgreSQL (the postmaster and its backends) or the load generator (this JVM, with Gatling).
     */
    private static void vacuumAnalyze(AgroalDataSource db) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("vacuum analyze");
        }
    }

    private static java.util.function.LongFunction<String> processParts(LocalSystem system, Path postgresData) throws IOException {
        Map<Long, String> parts = new HashMap<>();
        for (String service : LocalSystem.SERVICES) {
            system.instances(service).forEach(i -> parts.put(i.pid(), service));
        }
        parts.put(system.service(LocalSystem.CONSOLE).pid(), LocalSystem.CONSOLE);
        parts.put(system.keycloak().pid(), "keycloak");
        system.kafkaNodes().forEach(n -> parts.put(n.pid(), "kafka"));
        parts.put(ProcessHandle.current().pid(), LOAD_GENERATOR);
        long postmaster;
        try (Stream<Path> files = Files.walk(postgresData)) {
            Path pidFile = files.filter(f -> f.getFileName().toString().equals("postmaster.pid")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no postmaster.pid under " + postgresData));
            postmaster = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
        }
        parts.put(postmaster, "postgresql");
        return pid -> parts.computeIfAbsent(pid, p -> ProcessHandle.of(p).flatMap(ProcessHandle::parent)
                .filter(parent -> parent.pid() == postmaster).map(parent -> "postgresql").orElse(null));
    }

    /**
     * Waits (at most 5 minutes) until an overloaded step's backlog is gone: every submitted request has
     * its case in the dispatch service, so the next step starts on a quiet system.
     */
    private static void settle(LocalSystem system) throws Exception {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (System.nanoTime() < deadline) {
            long submitted = Measures.streamsBegunWith(system.postgres().dataSource("request"), "request.submitted");
            long opened = Measures.streamsBegunWith(system.postgres().dataSource("dispatch"), "case.opened");
            if (opened >= submitted) {
                Thread.sleep(2000);
                return;
            }
            Thread.sleep(1000);
        }
        say("   (the system had not caught up after 5 minutes)");
    }

    /**
     * Waits (at most five minutes) until the system's processes, load generator aside, spend less than
     * {@value #QUIET_MILLIS_PER_SECOND} ms of CPU a second over {@value #QUIET_SECONDS} s: a few times what the
     * idle system spends (its deadline clock, the relays' and consumers' polls), far below any step's load.
     */
    private static void quiet(LocalSystem system, Path work) throws Exception {
        CpuMeter meter = new CpuMeter(processParts(system, work.resolve("data/postgres")));
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (System.nanoTime() < deadline) {
            CpuMeter.Reading from = meter.read();
            Thread.sleep(QUIET_SECONDS * 1000L);
            CpuMeter.Reading to = meter.read();
            double millis = to.since(from).entrySet().stream().filter(e -> !e.getKey().equals(LOAD_GENERATOR))
                    .mapToDouble(e -> e.getValue().total()).sum();
            if (millis / to.seconds(from) < QUIET_MILLIS_PER_SECOND) {
                return;
            }
        }
        say("   (the system was not quiet after 5 minutes)");
    }

    private static GatlingRun.Result gatling(Class<?> simulation, Path results, Map<String, String> props, int rate, int seconds) {
        Map<String, String> p = new HashMap<>(props);
        p.put(Load.RATE, String.valueOf(rate));
        p.put(Load.SECONDS, String.valueOf(seconds));
        return GatlingRun.run(simulation, results, p);
    }

    private static void sampleRss(LocalSystem system, RssPeaks peaks) {
        List<String> names = new ArrayList<>(LocalSystem.SERVICES);
        names.add(LocalSystem.CONSOLE);
        while (!Thread.currentThread().isInterrupted()) {
            for (String name : names) {
                peaks.sample(name, Measures.rssMb(system.service(name).pid()));
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Events a service's relay published and the Kafka transactions they went in (its batches). */
    record Relayed(long events, long transactions) {
        Relayed since(Relayed before) {
            return new Relayed(events - before.events, transactions - before.transactions);
        }
    }

    /** Each service's relay counters, from its Prometheus metrics (one instance each in the benchmark). */
    private static Map<String, Relayed> relayed(LocalSystem system) throws IOException, InterruptedException {
        Map<String, Relayed> counts = new TreeMap<>();
        for (String service : LocalSystem.SERVICES) {
            String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(system.baseUrl(service) + "/q/metrics")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            counts.put(service, new Relayed(metric(metrics, "sidan_outbox_published"), metric(metrics, "sidan_outbox_transactions")));
        }
        return counts;
    }

    /** A gauge's value in a Prometheus exposition (the first series of that name). */
    private static long metric(String exposition, String name) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new IllegalStateException("no " + name + " in the metrics");
    }

    static String token(LocalSystem system, String user) throws IOException, InterruptedException {
        String form = "grant_type=password&client_id=sidan-cli&password=sidan&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(system.issuer() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("no token for " + user + ": " + r.body());
        }
        return JSON.readTree(r.body()).path("access_token").asText();
    }

    private static JsonNode get(LocalSystem system, String service, String path, String token) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(system.baseUrl(service) + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private static JsonNode post(LocalSystem system, String service, String path, String token) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(system.baseUrl(service) + path))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** Each service signs a checkpoint now; timed over HTTP. */
    private static void signCheckpoints(LocalSystem system, String adminToken, Report report, long requests, boolean checkStore,
                                        String when) throws IOException, InterruptedException {
        for (String service : LocalSystem.SERVICES) {
            long start = System.nanoTime();
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(system.baseUrl(service)
                            + "/api/admin/integrity/checkpoints?checkStore=" + checkStore))
                    .header("Authorization", "Bearer " + adminToken).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (r.statusCode() == 204 && !checkStore) {
                // submits alone give the rating service nothing to record (its sheets begin at a completion)
                report.checkpoint(requests, service, when + ": nothing new", 0, 0, millis);
                say("   " + service + " had nothing new to sign " + when);
                continue;
            }
            if (r.statusCode() != 201) {
                throw new IllegalStateException(service + " signed no checkpoint " + when + ": " + r.statusCode() + " " + r.body());
            }
            JsonNode cp = JSON.readTree(r.body());
            report.checkpoint(requests, service, when, cp.path("events").asLong(), cp.path("streams").asLong(), millis);
            say("   " + service + " signed checkpoint #" + cp.path("sequence").asLong() + " " + when + " in " + millis + " ms");
        }
    }

    private static void submit(LocalSystem system, String residentToken, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(system.baseUrl(LocalSystem.REQUEST) + "/api/requests"))
                .header("Authorization", "Bearer " + residentToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("POST /api/requests answered " + r.statusCode() + ": " + r.body());
        }
    }

    private static List<String> codes(JsonNode items) {
        List<String> codes = new ArrayList<>();
        items.forEach(i -> codes.add(i.path("code").asText()));
        return codes;
    }

    /**
     * The benchmark's lifecycles go to red-vest and blue-sky; give them room (an admin's team update,
     * up to the API's maximum of 100 open tasks). Returns the team as it was.
     */
    private static JsonNode raiseCapacity(LocalSystem system, String teamId, String adminToken) throws IOException, InterruptedException {
        ObjectNode team = (ObjectNode) get(system, LocalSystem.DISPATCH, "/api/teams/" + teamId, adminToken);
        ObjectNode body = JSON.createObjectNode();
        for (String field : List.of("teamId", "name", "categories", "grids", "members", "active")) {
            body.set(field, team.get(field));
        }
        body.put("capacity", 100);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(system.baseUrl(LocalSystem.DISPATCH) + "/api/teams/" + teamId))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("cannot raise the capacity of " + teamId + ": " + r.statusCode() + " " + r.body());
        }
        return team;
    }

    static void say(String text) {
        System.out.println("bench: " + text);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

}
