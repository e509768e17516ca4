package io.sidan.request.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class LatencySketchTest {

    private static final double[] QUANTILES = {0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1.0};

    @Test
    void everyQuantileIsWithinOnePercentOfTheExactNearestRankValue() {
        Random random = new Random(7);
        for (int run = 0; run < 20; run++) {
            int n = 1 + random.nextInt(run < 10 ? 50 : 20_000);
            long[] values = new long[n];
            LatencySketch sketch = new LatencySketch();
            for (int i = 0; i < n; i++) {
                // long-tailed, as latencies are: from milliseconds to weeks
                values[i] = Math.round(Math.exp(random.nextGaussian() * 3 + 12));
                sketch.add(values[i]);
            }
            assertWithinAccuracy(sketch, values);
        }
    }

    @Test
    void zerosNegativesAndSingleValues() {
        long[] values = {-5_000, -20, 0, 0, 0, 1, 2, 3, 1_000, 86_400_000};
        LatencySketch sketch = new LatencySketch();
        for (long v : values) {
            sketch.add(v);
        }
        assertWithinAccuracy(sketch, values);
        assertThat(sketch.quantile(0.3)).isZero();

        LatencySketch one = new LatencySketch();
        one.add(43_200_000);
        assertThat(one.quantile(0.5)).as("one value: clamped to the exact minimum and maximum").isEqualTo(43_200_000.0);
        assertThat(new LatencySketch().quantile(0.5)).isNull();
        assertThat(new LatencySketch().max()).isNull();
    }

    @Test
    void mergedSketchesAnswerAsOneSketchOfAllTheValues() {
        Random random = new Random(11);
        LatencySketch all = new LatencySketch();
        LatencySketch merged = new LatencySketch();
        LatencySketch mergedEncoded = new LatencySketch(); // as reports merge roll-ups
        long[] values = new long[30_000];
        for (int part = 0; part < 30; part++) {
            LatencySketch day = new LatencySketch();
            for (int i = 0; i < 1000; i++) {
                long v = Math.round(Math.exp(random.nextGaussian() * 2 + 10 + part % 5));
                values[part * 1000 + i] = v;
                day.add(v);
                all.add(v);
            }
            merged.merge(day);
            Packed.Writer out = new Packed.Writer();
            day.writeTo(out);
            mergedEncoded.mergeFrom(new Packed.Reader(out.bytes()));
        }
        for (double q : QUANTILES) {
            assertThat(merged.quantile(q)).as("q " + q).isEqualTo(all.quantile(q)).isEqualTo(mergedEncoded.quantile(q));
        }
        assertThat(merged.count()).isEqualTo(all.count()).isEqualTo(30_000);
        assertThat(merged.sum()).isEqualTo(all.sum()).isEqualTo(mergedEncoded.sum()).isEqualTo(Arrays.stream(values).sum());
        assertWithinAccuracy(merged, values);
    }

    @Test
    void aTallySurvivesEncodingWhole() {
        Random random = new Random(3);
        LatencySketch sketch = new LatencySketch();
        for (int i = 0; i < 5_000; i++) {
            sketch.add(random.nextInt(2_000_000) - 1_000);
        }
        Packed.Writer out = new Packed.Writer();
        sketch.writeTo(out);
        LatencySketch read = LatencySketch.readFrom(new Packed.Reader(out.bytes()));
        assertThat(read.count()).isEqualTo(sketch.count());
        assertThat(read.sum()).isEqualTo(sketch.sum());
        assertThat(read.max()).isEqualTo(sketch.max());
        for (double q : QUANTILES) {
            assertThat(read.quantile(q)).isEqualTo(sketch.quantile(q));
        }
        AuditTally empty = AuditTally.decode(new AuditTally().encode());
        assertThat(empty.figures("x").submitted()).isZero();
        assertThat(empty.figures("x").latencies().dispatch().p50()).isNull();
    }

    private static void assertWithinAccuracy(LatencySketch sketch, long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        assertThat(sketch.count()).isEqualTo(sorted.length);
        assertThat(sketch.max()).isEqualTo(sorted[sorted.length - 1]);
        for (double q : QUANTILES) {
            long exact = sorted[(int) Math.max(1, Math.ceil(q * sorted.length)) - 1];
            assertThat(sketch.quantile(q)).as("q %s of %d values, exact %d", q, sorted.length, exact)
                    .isBetween(exact - Math.abs(exact) * (LatencySketch.RELATIVE_ACCURACY + 1e-9),
                            exact + Math.abs(exact) * (LatencySketch.RELATIVE_ACCURACY + 1e-9));
        }
    }
}
