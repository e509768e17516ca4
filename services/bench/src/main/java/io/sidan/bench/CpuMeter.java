package io.sidan.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * CPU time of the system's processes, read from {@code /proc/<pid>/stat} (user + system time of all
 * their threads), and of their JIT compiler threads apart (a JVM still compiling spends much of its time
 * there). Each process is put in a part by a classifier (a service, PostgreSQL, Kafka, the load
 * generator…); processes it does not name are left out. PostgreSQL's backends live as long as the pools'
 * connections, so a part's time is the sum over its processes alive at both readings, plus new ones.
 */
final class CpuMeter {

    /** Linux's USER_HZ, the unit of /proc's times: 100 on every architecture Linux runs the JDK on. */
    private static final double MILLIS_PER_TICK = 10.0;

    /** CPU milliseconds: all of a part's, and of those its JVMs' just-in-time compiler threads'. */
    record Spent(double total, double jit) {

        Spent plus(Spent other) {
            return new Spent(total + other.total, jit + other.jit);
        }

        Spent minus(Spent other) {
            return new Spent(total - other.total, jit - other.jit);
        }
    }

    /** CPU milliseconds by process id, with the part each belongs to. */
    record Reading(long nanoTime, Map<Long, String> partOf, Map<Long, Spent> cpu) {

        /** CPU milliseconds spent per part between an earlier reading and this one. */
        Map<String, Spent> since(Reading earlier) {
            Map<String, Spent> spent = new TreeMap<>();
            cpu.forEach((pid, now) -> spent.merge(partOf.get(pid), now.minus(earlier.cpu.getOrDefault(pid, new Spent(0, 0))),
                    Spent::plus));
            return spent;
        }

        double seconds(Reading earlier) {
            return (nanoTime - earlier.nanoTime) / 1e9;
        }
    }

    private final LongFunction<String> classifier;

    /** @param classifier the part a process belongs to, given its pid, or null to leave it out */
    CpuMeter(LongFunction<String> classifier) {
        this.classifier = classifier;
    }

    Reading read() throws IOException {
        Map<Long, String> partOf = new HashMap<>();
        Map<Long, Spent> cpu = new HashMap<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path proc : procs) {
                long pid = Long.parseLong(proc.getFileName().toString());
                String part = classifier.apply(pid);
                if (part == null) {
                    continue;
                }
                Double millis = cpuMillis(proc);
                if (millis != null) {
                    partOf.put(pid, part);
                    cpu.put(pid, new Spent(millis, jitMillis(proc)));
                }
            }
        }
        return new Reading(System.nanoTime(), partOf, cpu);
    }

    /** The time of the process's HotSpot compiler threads ("C1 CompilerThre", "C2 CompilerThre"), 0 for other programs. */
    private static double jitMillis(Path proc) {
        double millis = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(proc.resolve("task"))) {
            for (Path thread : threads) {
                String name = Files.readString(thread.resolve("comm")).trim();
                if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                    Double t = cpuMillis(thread);
                    millis += t == null ? 0 : t;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0; // the process or the thread ended meanwhile
        }
        return millis;
    }

    private static Double cpuMillis(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            // the command name, in parentheses, may hold spaces: fields are counted after its closing one
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(fields[11]);
            long stime = Long.parseLong(fields[12]);
            return (utime + stime) * MILLIS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return null; // the process ended between the listing and the read
        }
    }
}
