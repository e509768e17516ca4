package io.sidan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects the figures of one run and writes them, next to their targets and the raw limits measured
 * in the same run, with the date, commit and machine, to {@code docs/benchmarks.md}.
 */
final class Report {

    private final Path root;
    /** A quick or partial run: written under services/bench/target, never over the report of record. */
    private final boolean quick;
    private final List<String[]> submits = new ArrayList<>();
    private final List<String[]> lifecycles = new ArrayList<>();
    private double bestSubmitRate;
    private double bestLifecycleRate;
    private RawPostgres.Result raw;
    private final Map<Integer, Measures.Distribution> propagation = new java.util.LinkedHashMap<>();
    private RelayVsProducer.Result relay;
    private RssPeaks rss = new RssPeaks();
    private final List<String[]> rebuilds = new ArrayList<>();
    private final List<String[]> checkpoints = new ArrayList<>();
    /** Per rebuild: requests in the stores, events read, events per second. */
    private final List<double[]> rebuildRates = new ArrayList<>();
    private long lastRebuildStage;
    /** The audit measured at growing sizes: requests loaded in all, the last load, how long its roll-ups took, the timings. */
    record AuditStage(long requests, HistoryGenerator.Result loaded, java.time.Duration rolledUp, List<AuditLatency.Timing> timings) {
    }

    private List<AuditStage> auditStages = List.of();
    private Cpu cpu;
    /** What each service's relay published during the CPU step. */
    private Map<String, Bench.Relayed> relayed = Map.of();

    /** The CPU step: what each part spent idle (per second) and over the submits (in total). */
    private record Cpu(int rate, int warmUpSeconds, long submits, Map<String, CpuMeter.Spent> idle, double idleSeconds,
                       Map<String, CpuMeter.Spent> load, double loadSeconds) {

        private static final CpuMeter.Spent NONE = new CpuMeter.Spent(0, 0);

        double perSubmit(String part) {
            return load.getOrDefault(part, NONE).total() / submits;
        }

        double jitPerSubmit(String part) {
            return load.getOrDefault(part, NONE).jit() / submits;
        }

        /** The part's time beyond what it spends idle over as long a time, per submit. */
        double netPerSubmit(String part) {
            double idleMillis = idle.getOrDefault(part, NONE).total() / idleSeconds * loadSeconds;
            return (load.getOrDefault(part, NONE).total() - idleMillis) / submits;
        }

        double idlePerSecond(String part) {
            return idle.getOrDefault(part, NONE).total() / idleSeconds;
        }

        List<String> system() {
            return load.keySet().stream().filter(p -> !p.equals(Bench.LOAD_GENERATOR)).toList();
        }

        double systemPerSubmit() {
            return system().stream().mapToDouble(this::perSubmit).sum();
        }

        double systemJitPerSubmit() {
            return system().stream().mapToDouble(this::jitPerSubmit).sum();
        }

        double systemNetPerSubmit() {
            return system().stream().mapToDouble(this::netPerSubmit).sum();
        }
    }

    Report(Path root, boolean quick) {
        this.root = root;
        this.quick = quick;
    }

    static String line(GatlingRun.Stats s) {
        return String.format(Locale.ROOT, "%d ok, %d failed, %.0f/s, p50 %d ms, p99 %d ms, max %d ms", s.ok(), s.ko(), s.meanRps(),
                s.p50(), s.p99(), s.max());
    }

    void submit(int offered, GatlingRun.Result r) {
        GatlingRun.Stats s = r.global();
        boolean withinTarget = s.ko() == 0 && s.p99() <= 50;
        if (withinTarget) {
            bestSubmitRate = Math.max(bestSubmitRate, s.meanRps());
        }
        submits.add(new String[] {String.valueOf(offered), fmt(s.meanRps()), String.valueOf(s.ok()), String.valueOf(s.ko()),
                String.valueOf(s.p50()), String.valueOf(s.p90()), String.valueOf(s.p99()), String.valueOf(s.max()),
                withinTarget ? "yes" : "no"});
    }

    /** Records a lifecycle step and returns the lifecycles completed per second. */
    double lifecycle(int offered, int seconds, GatlingRun.Result r) {
        GatlingRun.Stats done = r.byRequest().get("rate dispatcher");
        long completed = done == null ? 0 : done.ok();
        double perSecond = completed / (double) seconds;
        GatlingRun.Stats s = r.global();
        if (s.ko() == 0) {
            bestLifecycleRate = Math.max(bestLifecycleRate, perSecond);
        }
        GatlingRun.Stats submit = r.byRequest().get("submit");
        GatlingRun.Stats assign = r.byRequest().get("assign");
        lifecycles.add(new String[] {String.valueOf(offered), String.valueOf(completed), fmt(perSecond), String.valueOf(s.ko()),
                submit == null ? "—" : submit.p99() + "", assign == null ? "—" : assign.p99() + "", String.valueOf(s.p99()),
                String.format(Locale.ROOT, "%.0f", r.took().toMillis() / 1000.0)});
        return perSecond;
    }

    void rawPostgres(RawPostgres.Result result) {
        raw = result;
    }

    void propagation(int rate, Measures.Distribution d) {
        propagation.put(rate, d);
    }

    void relay(RelayVsProducer.Result r) {
        relay = r;
    }

    /** A projection rebuilt with {@code requests} generated requests in the stores. */
    void rebuild(long requests, String service, String projection, long events, long millis) {
        double rate = events * 1000.0 / Math.max(1, millis);
        rebuilds.add(new String[] {String.format(Locale.ROOT, "%,d", requests), service, projection,
                String.format(Locale.ROOT, "%,d", events), String.valueOf(millis), fmt(rate)});
        lastRebuildStage = requests;
        rebuildRates.add(new double[] {requests, events, rate});
    }

    /** A checkpoint signed with {@code requests} generated requests in the stores. */
    void checkpoint(long requests, String service, String when, long events, long streams, long millis) {
        checkpoints.add(new String[] {String.format(Locale.ROOT, "%,d", requests), service, when,
                String.format(Locale.ROOT, "%,d", events), String.format(Locale.ROOT, "%,d", streams), String.valueOf(millis)});
    }

    void audit(List<AuditStage> stages) {
        auditStages = List.copyOf(stages);
    }

    void cpu(int rate, int warmUpSeconds, long submits, Map<String, CpuMeter.Spent> idle, double idleSeconds, Map<String, CpuMeter.Spent> load,
             double loadSeconds, Map<String, Bench.Relayed> relayed) {
        cpu = new Cpu(rate, warmUpSeconds, submits, idle, idleSeconds, load, loadSeconds);
        this.relayed = Map.copyOf(relayed);
    }

    void rss(RssPeaks peaks) {
        rss = peaks;
    }

    Path write() throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        if (quick) {
            md.append("**A quick or partial run of the harness (`./sidan bench --quick` or `--only=…`): figures not of record.**\n\n");
        }
        md.append("Written by `./sidan bench` (module `services/bench`): the whole system started on embedded defaults\n")
                .append("(PostgreSQL, Kafka, Keycloak, the three services and the console as separate processes, fresh data),\n")
                .append("warmed up, then measured with Gatling 3.15.1 running in the same machine. The raw limits are\n")
                .append("measured in the same run on the same PostgreSQL and broker, so compare ratios, not absolute numbers:\n")
                .append("the machines are shared and noisy.\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| date | ").append(LocalDate.now()).append(" |\n");
        md.append("| commit | `").append(commit()).append("` |\n");
        md.append("| machine | ").append(Runtime.getRuntime().availableProcessors()).append(" cores (").append(cpuModel())
                .append("), ").append(memory()).append(" memory |\n");
        md.append("| JDK | ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version")).append(" |\n");
        md.append("| load generator | Gatling, in the benchmark's own JVM on the same cores as the system |\n\n");

        md.append("## Summary against the targets\n\n| measure | target | measured | met |\n|---|---|---|---|\n");
        if (cpu == null) {
            row(md, "0. whole-system CPU per submit", "≤ 3 ms", "not measured in this run", false);
        } else {
            row(md, "0. whole-system CPU per submit (every process but the load generator)", "≤ 3 ms",
                    String.format(Locale.ROOT, "%.1f ms (%.1f ms of it JIT compilation; %.1f ms beyond the idle system's own)",
                            cpu.systemPerSubmit(), cpu.systemJitPerSubmit(), cpu.systemNetPerSubmit()), cpu.systemPerSubmit() <= 3);
        }
        double rawRate = raw == null ? Double.NaN : raw.perSecond();
        row(md, "1. submits/s with p99 ≤ 50 ms, no errors", "≥ 500/s", fmt(bestSubmitRate) + "/s", bestSubmitRate >= 500);
        row(md, "… as a share of raw PostgreSQL insert+commit (" + fmt(rawRate) + "/s)", NO_TARGET, pct(bestSubmitRate / rawRate), false);
        propagation.forEach((rate, d) -> row(md, "2. propagation submit → dispatch queue at " + rate + "/s, p99"
                        + (rate == 300 ? "" : " (a lower rate, for comparison)"), rate == 300 ? "≤ 100 ms" : NO_TARGET,
                String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d requests)", d.p50(), d.p99(), d.max(), d.count()),
                d.p99() <= 100));
        row(md, "3. full lifecycles/s, no errors", "≥ 100/s", fmt(bestLifecycleRate) + "/s", bestLifecycleRate >= 100);
        if (relay != null) {
            row(md, "4. outbox relay vs Kafka ProducerPerformance (" + fmt(relay.producerPerSecond()) + " records/s)", "≥ 60 %",
                    fmt(relay.relayPerSecond()) + " events/s = " + pct(relay.relayPerSecond() / relay.producerPerSecond()),
                    relay.relayPerSecond() / relay.producerPerSecond() >= 0.6);
        }
        if (rebuilds.isEmpty()) {
            row(md, "6. projection rebuild", "≥ 50,000 events/s", "not measured in this run", false);
        } else {
            // the projections whose work grows with the requests; the catalogue's and the teams' few events are listed below
            double slowest = rebuildRates.stream().filter(r -> r[0] == lastRebuildStage && r[1] >= 10_000)
                    .mapToDouble(r -> r[2]).min().orElse(0);
            row(md, "6. projection rebuild at " + String.format(Locale.ROOT, "%,d", lastRebuildStage)
                    + " requests, slowest projection", "≥ 50,000 events/s", fmt(slowest) + " events/s", slowest >= 50_000);
        }
        if (auditStages.isEmpty()) {
            row(md, "7. audit reports at 1,000,000 requests, p99", "≤ 200 ms", "not measured in this run", false);
            row(md, "7. audit dashboard (summary of the last 30 days), p99", "≤ 50 ms", "not measured in this run", false);
        } else {
            AuditStage last = auditStages.get(auditStages.size() - 1);
            AuditLatency.Timing slowest = last.timings().stream().max(java.util.Comparator.comparingDouble(AuditLatency.Timing::p99)).orElseThrow();
            AuditLatency.Timing dashboard = last.timings().get(0);
            row(md, "7. audit reports at " + String.format(Locale.ROOT, "%,d", last.requests()) + " requests, p99 of the slowest",
                    "≤ 200 ms", String.format(Locale.ROOT, "%.0f ms (%s)", slowest.p99(), slowest.what()), slowest.p99() <= 200);
            row(md, "7. audit dashboard at " + String.format(Locale.ROOT, "%,d", last.requests()) + " requests (" + dashboard.what()
                    + "), p99", "≤ 50 ms", String.format(Locale.ROOT, "%.0f ms", dashboard.p99()), dashboard.p99() <= 50);
        }
        double loadRss = rss.max(true);
        row(md, "8. peak RSS per service under load (the steps with request load: warm-up, 0–3)", "≤ 300 MB",
                "max " + fmt(loadRss) + " MB (" + fmt(rss.max(false)) + " MB over the whole run, every step included)",
                loadRss <= 300);

        md.append("\n## 0. CPU per submit\n\n");
        if (cpu != null) {
            md.append(String.format(Locale.ROOT, "CPU time (user + system, from `/proc/<pid>/stat`) of every process, over %.0f s of the idle\n"
                    + "system and then over %,d submits at %d/s and the time until their cases were in the dispatch queue\n"
                    + "(%.0f s in all), after %d s of submits at that rate to warm the JVMs up: the submit, the relay, the\n"
                    + "dispatch service's consumer, the events that come back to the request service, and whatever runs\n"
                    + "anyway (the deadline clock, the relays' and consumers' polls). The JIT column is the part of the time\n"
                    + "spent by the JVMs' compiler threads: a method called once per submit reaches the optimizing\n"
                    + "compiler's thresholds only after some 10,000 calls, so the warm-up is long enough for most of them to\n"
                    + "have been compiled (after two minutes the compiler threads still took 2.3–4.1 ms per submit). The broker\n"
                    + "runs in its own JVM; the load generator (Gatling, in the benchmark's JVM) is reported apart.\n\n"
                    + "| process | idle, ms CPU per s | during the submits, ms CPU | ms per submit | of which JIT | ms per submit beyond idle |\n"
                    + "|---|---|---|---|---|---|\n", cpu.idleSeconds(), cpu.submits(), cpu.rate(), cpu.loadSeconds(), cpu.warmUpSeconds()));
            for (String part : cpu.load().keySet()) {
                md.append(String.format(Locale.ROOT, "| %s | %.1f | %,.0f | %.2f | %.2f | %.2f |\n", part, cpu.idlePerSecond(part),
                        cpu.load().get(part).total(), cpu.perSubmit(part), cpu.jitPerSubmit(part), cpu.netPerSubmit(part)));
            }
            md.append(String.format(Locale.ROOT, "| **the system (all but the load generator)** | %.1f | %,.0f | **%.2f** | %.2f | **%.2f** |\n",
                    cpu.system().stream().mapToDouble(cpu::idlePerSecond).sum(),
                    cpu.system().stream().mapToDouble(p -> cpu.load().get(p).total()).sum(), cpu.systemPerSubmit(),
                    cpu.systemJitPerSubmit(), cpu.systemNetPerSubmit()));
            md.append("\nThe relays over the same time (each Kafka transaction is one batch; the broker's work grows with "
                    + "their number):\n\n| service | events published | Kafka transactions | events per transaction |\n|---|---|---|---|\n");
            new TreeMap<>(relayed).forEach((service, r) -> md.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %.2f |\n",
                    service, r.events(), r.transactions(), r.transactions() == 0 ? 0.0 : (double) r.events() / r.transactions())));
        }

        md.append("\n## 1. Submit throughput and latency\n\n")
                .append("Authenticated `POST /api/requests` (resident token, realistic bodies over the catalogue and grids), an\n")
                .append("open model at a constant arrival rate for each step; a step passes with no errors and p99 ≤ 50 ms. The\n")
                .append("ladder stops at a step with errors, or at the second step in a row over 50 ms (five slow requests make the\n")
                .append("p99 of a 20 s step at 25/s); a step is cut off after three times its length. Times in ms.\n\n")
                .append("| offered /s | achieved /s | ok | failed | p50 | p90 | p99 | max | within target |\n|---|---|---|---|---|---|---|---|---|\n");
        submits.forEach(r -> md.append("| ").append(String.join(" | ", r)).append(" |\n"));

        md.append("\n## 5. Raw PostgreSQL insert + commit\n\n");
        if (raw != null) {
            md.append(String.format(Locale.ROOT, "%d connections (the request service's pool size), single-row `INSERT` of a\n"
                    + "request-sized JSON row and `COMMIT` in a loop for %.0f s: **%s rows/s** (%d rows). A submit does more\n"
                    + "than this in its transaction (idempotency lookup, event row with hash chain, read model, audit\n"
                    + "projection) plus HTTP, JSON, token verification and validation.\n", raw.connections(), raw.seconds(),
                    fmt(raw.perSecond()), raw.inserts()));
        }

        md.append("\n## 2. Propagation\n\n");
        if (!propagation.isEmpty()) {
            md.append(String.format(Locale.ROOT, "Submits at a fixed rate; for each request, the time from its `request.submitted` (as recorded\n"
                    + "by the request service) to its `case.opened` (recorded by the dispatch service, which puts the case\n"
                    + "in its queue in the same transaction): the path outbox relay → Kafka → consumer → decider → commit.\n"
                    + "The lower rate goes first, each after the system settled (no backlog, no relay behind); after the\n"
                    + "higher one the benchmark waits until the system is quiet again (below 500 ms of CPU a second) before\n"
                    + "its next step, so that step does not measure this one's aftermath.\n\n"
                    + "| rate /s | requests | p50 | p99 | max |\n|---|---|---|---|---|\n"));
            propagation.forEach((rate, d) -> md.append(String.format(Locale.ROOT, "| %d | %d | %.1f ms | %.1f ms | %.1f ms |\n",
                    rate, d.count(), d.p50(), d.p99(), d.max())));
        }

        md.append("\n## 3. Full lifecycles\n\n")
                .append("Each virtual user runs one whole 四单 lifecycle: submit → (wait for the case) → assign → accept → start\n")
                .append("→ complete → (wait for the rating sheet) → resident rating → dispatcher rating, across the three\n")
                .append("services, alternating between the teams red-vest and blue-sky. Completed = final ratings answered 201,\n")
                .append("per second of the step. The waits are polls (50 ms apart at first, half as long again after each\n")
                .append("miss, at most 1 s) and count as requests. A lifecycle stops at its first failed request. A step\n")
                .append("is cut off after three times its length; the ladder stops at errors or when fewer than 90 % complete.\n\n")
                .append("| offered /s | completed | completed /s | failed requests | submit p99 ms | assign p99 ms | all requests p99 ms | run s |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        lifecycles.forEach(r -> md.append("| ").append(String.join(" | ", r)).append(" |\n"));

        md.append("\n## 4. Outbox relay and Kafka's producer\n\n");
        if (relay != null) {
            md.append(String.format(Locale.ROOT, "%d stored events (payload about %d bytes) drained from the event store by the\n"
                    + "services' `OutboxRelay` (read in global order, each batch sent as one Kafka transaction, idempotent,\n"
                    + "acks=all, marked published after the commit), one batch in flight at a time, after one untimed drain that warms\n"
                    + "the relay up. Kafka's `ProducerPerformance` (a fresh JVM, as its users run it),\n"
                    + "same record count and size, same producer settings but no transactions, same broker: **%s records/s**.\n\n"
                    + "| relay batch size | events/s | share of the raw producer |\n|---|---|---|\n",
                    relay.events(), relay.recordBytes(), fmt(relay.producerPerSecond())));
            relay.relayByBatch().forEach((batch, rate) -> md.append("| ").append(batch)
                    .append(batch == Bench.RELAY_BATCH ? " (the services' setting)" : "").append(" | ").append(fmt(rate))
                    .append(" | ").append(pct(rate / relay.producerPerSecond())).append(" |\n"));
            md.append("\n`").append(relay.producerLine()).append("`\n");
        }

        md.append("\n## 6. Projection rebuilds\n\n");
        if (!rebuilds.isEmpty()) {
            md.append("With the generated history of section 7 in the stores (after each stage), every projection of every\n"
                    + "service rebuilt through the admin endpoint (`POST /api/admin/projections/{name}/rebuild`): fresh copies\n"
                    + "of its tables filled from the service's event store and swapped in, in one transaction, while the\n"
                    + "system runs (readers keep the old tables meanwhile). Events are the events a rebuild read: for the\n"
                    + "request view its requests' own streams and the dispatch and rating events it received; for the case\n"
                    + "view, the ratings, the teams and the catalogue their own streams. The first stage also warms the code up.\n\n"
                    + "| requests | service | projection | events | ms | events/s |\n"
                    + "|---|---|---|---|---|---|\n");
            rebuilds.forEach(r -> md.append("| ").append(String.join(" | ", r)).append(" |\n"));
        }

        md.append("\n## 7. Audit reports with a large history\n\n");
        if (!auditStages.isEmpty()) {
            md.append("A generator (`HistoryGenerator`) wrote requests over two years into the event stores of all three\n"
                    + "services as they would have written them (each request's own stream, its case opened by the dispatch\n"
                    + "service's decider, its rating sheet decided by the rating service's `SheetDecider`, the request service's\n"
                    + "copies of both, every team's reputation stream; sealed and hash-chained by `EventStore.seal`, written\n"
                    + "with COPY, nothing sent to Kafka): Poisson arrivals, a Zipf-like category mix, urgencies around each\n"
                    + "category's default, 2 % cancelled and 1.5 % rejected, 7 % declined and 4 % expired then re-assigned,\n"
                    + "long-tailed delays with 5 % of dispatches and 10 % of services past their SLA, parties not rating,\n"
                    + "bad ratings followed up, 2 % reopened; the newest still open. It loaded in stages; after each, the\n"
                    + "projections were rebuilt from the stores (section 6), the service's roll-up job folded every cell into\n"
                    + "the daily and monthly roll-ups (`AuditRollUps`, timed until no cell was left marked), then each\n"
                    + "endpoint was asked several times in a row by an admin over HTTP after two warm-up calls (times in ms,\n"
                    + "whole answer).\n\n");
            md.append("| stage | requests in all | loaded (events in the stores) | load s | roll-up s |\n|---|---|---|---|---|\n");
            for (AuditStage st : auditStages) {
                md.append(String.format(Locale.ROOT, "| %d | %,d | %,d (%,d) | %d | %.1f |\n", auditStages.indexOf(st) + 1, st.requests(),
                        st.loaded().requests(), st.loaded().events(), st.loaded().took().toSeconds(), st.rolledUp().toMillis() / 1000.0));
            }
            md.append("\n| report |");
            auditStages.forEach(st -> md.append(String.format(Locale.ROOT, " p50 / p99 at %,d |", st.requests())));
            md.append(" answer bytes |\n|---|");
            auditStages.forEach(st -> md.append("---|"));
            md.append("---|\n");
            List<AuditLatency.Timing> first = auditStages.get(0).timings();
            for (int i = 0; i < first.size(); i++) {
                md.append("| ").append(first.get(i).what()).append(" |");
                for (AuditStage st : auditStages) {
                    AuditLatency.Timing t = st.timings().get(i);
                    md.append(String.format(Locale.ROOT, " %.0f / %.0f |", t.p50(), t.p99()));
                }
                md.append(String.format(Locale.ROOT, " %,d |\n", auditStages.get(auditStages.size() - 1).timings().get(i).bytes()));
            }
            md.append(String.format(Locale.ROOT, "\n%d samples each.\n", first.get(0).samples()));
        }
        if (!checkpoints.isEmpty()) {
            md.append("\nSigned checkpoints at these sizes (`POST /api/admin/integrity/checkpoints`, timed over HTTP; the bench\n"
                    + "runs the services with checkpoints on request only and a 5 s settle, so it signs them at known moments):\n"
                    + "after the load, before the timings, the one checkpoint over everything loaded, asked to check the whole\n"
                    + "store first (`?checkStore=true`: what the daily check reads); after the timings, one over a few requests\n"
                    + "submitted through the API, what the 10-minute schedule does at that size (the heads kept from the last\n"
                    + "checkpoint, advanced by the new events).\n\n"
                    + "| requests | service | when | events signed | streams | ms |\n|---|---|---|---|---|---|\n");
            checkpoints.forEach(r -> md.append("| ").append(String.join(" | ", r)).append(" |\n"));
        }

        md.append("\n## 8. Memory\n\nPeak resident set size (VmRSS) of each process in each step of the run, sampled every 500 ms, MB\n"
                + "(services run with `-Xmx192m -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m -Xss512k`, serial GC,\n"
                + "`MALLOC_ARENA_MAX=2` and at most 32 worker threads; the console with `-Xmx96m`). A step's peak includes what the\n"
                + "steps before it left resident: a JVM seldom gives back heap it once grew to.\n\n| process |");
        List<RssPeaks.Step> steps = rss.steps();
        steps.forEach(s -> md.append(" ").append(s.name()).append(" |"));
        md.append(" whole run |\n|---|").append("---|".repeat(steps.size() + 1)).append("\n");
        for (String process : rss.processes()) {
            md.append("| ").append(process).append(" |");
            steps.forEach(s -> md.append(" ").append(fmt(rss.peak(s, process))).append(" |"));
            md.append(" ").append(fmt(rss.peak(process))).append(" |\n");
        }

        md.append("\nProfiling, what was changed and the figures before and after: [benchmarks-profile.md](benchmarks-profile.md).\n");

        Path out = root.resolve(quick ? "services/bench/target/benchmarks-quick.md" : "docs/benchmarks.md");
        Files.writeString(out, md.toString());
        return out;
    }

    /** A row of the summary; a measure without a target (shown "—", for comparison) is neither met nor missed. */
    private static void row(StringBuilder md, String measure, String target, String measured, boolean met) {
        md.append("| ").append(measure).append(" | ").append(target).append(" | ").append(measured).append(" | ")
                .append(NO_TARGET.equals(target) ? NO_TARGET : met ? "yes" : "**no**").append(" |\n");
    }

    private static final String NO_TARGET = "—";

    private static String fmt(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String pct(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "—" : String.format(Locale.ROOT, "%.0f %%", v * 100);
    }

    private String commit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").directory(root.toFile()).start();
            String head = new String(p.getInputStream().readAllBytes()).trim();
            Process d = new ProcessBuilder("git", "status", "--porcelain").directory(root.toFile()).start();
            boolean dirty = !new String(d.getInputStream().readAllBytes()).isBlank();
            return head + (dirty ? " (with uncommitted changes)" : "");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String memory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0))
                    .findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
