package io.sidan.request.projection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Ranks teams or grids by one measure, with a minimum sample so that a team with one fast case
 * cannot top the table: groups below it are listed apart, unranked.
 */
public final class Rankings {

    private Rankings() {
    }

    /** What a ranking sorts by, how big the sample behind each value is, and which way is better. */
    public enum Measure {
        SATISFACTION(f -> f.satisfactionRate().value(), f -> f.satisfactionRate().denominator(), true),
        RESOLUTION(f -> f.resolutionRate().value(), f -> f.resolutionRate().denominator(), true),
        RESPONSE(f -> f.responseRate().value(), f -> f.responseRate().denominator(), true),
        DISPATCH_ON_TIME(f -> f.sla().dispatch().onTime().value(), f -> f.sla().dispatch().onTime().denominator(), true),
        COMPLETE_ON_TIME(f -> f.sla().complete().onTime().value(), f -> f.sla().complete().onTime().denominator(), true),
        RESOLUTION_TIME(f -> f.latencies().resolution().p50(), f -> f.latencies().resolution().count(), false);

        final Function<AuditFigures, Double> value;
        final Function<AuditFigures, Integer> sample;
        final boolean higherIsBetter;

        Measure(Function<AuditFigures, Double> value, Function<AuditFigures, Integer> sample, boolean higherIsBetter) {
            this.value = value;
            this.sample = sample;
            this.higherIsBetter = higherIsBetter;
        }
    }

    @Schema(name = "RankedEntry")
    public record Entry(@Schema(description = "1 for the best; null when the sample is too small", nullable = true) Integer rank,
                        String key, @Schema(nullable = true) Double value, int sample) {
    }

    @Schema(name = "Ranking")
    public record Ranking(String dimension, String measure,
                          @Schema(description = "Groups with a smaller sample are not ranked") int minSample,
                          List<Entry> ranked, List<Entry> insufficientSample) {
    }

    public static Ranking rank(String dimension, Measure measure, int minSample, List<AuditFigures> groups) {
        Comparator<Entry> byValue = Comparator.comparing(Entry::value);
        if (measure.higherIsBetter) {
            byValue = byValue.reversed();
        }
        List<Entry> eligible = new ArrayList<>();
        List<Entry> small = new ArrayList<>();
        for (AuditFigures g : groups) {
            Double value = measure.value.apply(g);
            int sample = measure.sample.apply(g);
            if (sample >= minSample && value != null) {
                eligible.add(new Entry(null, g.key(), value, sample));
            } else {
                small.add(new Entry(null, g.key(), value, sample));
            }
        }
        eligible.sort(byValue.thenComparing(Entry::sample, Comparator.reverseOrder()).thenComparing(Entry::key));
        List<Entry> ranked = new ArrayList<>();
        for (int i = 0; i < eligible.size(); i++) {
            Entry e = eligible.get(i);
            ranked.add(new Entry(i + 1, e.key(), e.value(), e.sample()));
        }
        small.sort(Comparator.comparing(Entry::key));
        return new Ranking(dimension, measure.name(), minSample, ranked, small);
    }
}
