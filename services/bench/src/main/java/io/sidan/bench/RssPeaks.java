package io.sidan.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The peak resident set size of each process in each step of a run: the steps load the services in
 * different ways (submits, an overload, lifecycles, rebuilds at a million requests), and one peak over the
 * whole run would not say which of them needs the memory.
 */
final class RssPeaks {

    /** A step of the run; {@code underLoad}: one of the request loads the memory target is about. */
    record Step(String name, boolean underLoad) {
    }

    private final Map<Step, Map<String, Double>> peaks = new LinkedHashMap<>();
    private Step current = new Step("start", false);

    synchronized void step(String name, boolean underLoad) {
        current = new Step(name, underLoad);
    }

    synchronized void sample(String process, double mb) {
        peaks.computeIfAbsent(current, s -> new TreeMap<>()).merge(process, mb, Math::max);
    }

    synchronized List<Step> steps() {
        return new ArrayList<>(peaks.keySet());
    }

    synchronized List<String> processes() {
        return peaks.values().stream().flatMap(p -> p.keySet().stream()).distinct().sorted().toList();
    }

    /** NaN when the process was not sampled in that step. */
    synchronized double peak(Step step, String process) {
        return peaks.getOrDefault(step, Map.of()).getOrDefault(process, Double.NaN);
    }

    /** The highest peak of any process over the steps that pass, or NaN when none was sampled. */
    synchronized double max(boolean underLoadOnly) {
        return peaks.entrySet().stream().filter(e -> !underLoadOnly || e.getKey().underLoad())
                .flatMap(e -> e.getValue().values().stream()).mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** The whole run's peak of a process. */
    synchronized double peak(String process) {
        return peaks.values().stream().map(p -> p.get(process)).filter(v -> v != null).mapToDouble(Double::doubleValue)
                .max().orElse(Double.NaN);
    }
}
