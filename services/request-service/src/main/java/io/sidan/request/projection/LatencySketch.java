package io.sidan.request.projection;

import java.util.Arrays;

/**
 * The latencies of many requests in little space, mergeable across days and groups: count, sum,
 * minimum and maximum exact; quantiles within {@value #RELATIVE_ACCURACY} relative accuracy.
 *
 * <p>A logarithmic-bucket sketch (the DDSketch mapping): a value v ≥ 1 ms goes to bucket
 * ⌈log<sub>γ</sub> v⌉ with γ = (1 + α) / (1 − α), and a bucket answers with 2γ<sup>i</sup>/(γ + 1), which is within
 * α of every value in it. Zero has a bucket of its own and negative values (a clock skew between
 * services) mirror the positive ones. A quantile is by nearest rank, as the exact definition in
 * docs/audit.md: the bucket holding the ⌈q·n⌉-th smallest value, so the answer is within α of that value
 * (and clamped to the exact minimum and maximum).
 */
public final class LatencySketch {

    public static final double RELATIVE_ACCURACY = 0.01;
    private static final double GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
    private static final double LOG_GAMMA = Math.log(GAMMA);

    private long count;
    private long sum;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;
    private long zeros;
    private final Buckets positive = new Buckets();
    private final Buckets negative = new Buckets();

    public void add(long value) {
        count++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
        if (value > 0) {
            positive.add(bucket(value), 1);
        } else if (value < 0) {
            negative.add(bucket(-value), 1);
        } else {
            zeros++;
        }
    }

    public void merge(LatencySketch other) {
        if (other.count == 0) {
            return;
        }
        count += other.count;
        sum += other.sum;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        zeros += other.zeros;
        positive.merge(other.positive);
        negative.merge(other.negative);
    }

    public long count() {
        return count;
    }

    public long sum() {
        return sum;
    }

    /** The largest value, exact; null when empty. */
    public Long max() {
        return count == 0 ? null : max;
    }

    /** The smallest value with at least {@code q} of the values at or below it, within the relative accuracy; null when empty. */
    public Double quantile(double q) {
        if (count == 0) {
            return null;
        }
        long rank = Math.max(1, Math.min(count, (long) Math.ceil(q * count)));
        double value = valueAtRank(rank);
        return Math.max(min, Math.min(max, value));
    }

    private double valueAtRank(long rank) {
        long seen = 0;
        for (int i = negative.last(); i >= negative.first(); i--) {
            seen += negative.at(i);
            if (seen >= rank) {
                return -representative(i);
            }
        }
        seen += zeros;
        if (seen >= rank) {
            return 0;
        }
        for (int i = positive.first(); i <= positive.last(); i++) {
            seen += positive.at(i);
            if (seen >= rank) {
                return representative(i);
            }
        }
        return max; // not reached: the buckets hold count values
    }

    private static int bucket(long magnitude) {
        return (int) Math.ceil(Math.log(magnitude) / LOG_GAMMA);
    }

    private static double representative(int bucket) {
        return 2 * Math.pow(GAMMA, bucket) / (GAMMA + 1);
    }

    void writeTo(Packed.Writer out) {
        out.put(count);
        if (count == 0) {
            return;
        }
        out.put(sum).put(min).put(max).put(zeros);
        positive.writeTo(out);
        negative.writeTo(out);
    }

    static LatencySketch readFrom(Packed.Reader in) {
        LatencySketch s = new LatencySketch();
        s.mergeFrom(in);
        return s;
    }

    /** Merges a sketch as {@link #writeTo} wrote it, without building it first. */
    void mergeFrom(Packed.Reader in) {
        long n = in.next();
        if (n == 0) {
            return;
        }
        count += n;
        sum += in.next();
        min = Math.min(min, in.next());
        max = Math.max(max, in.next());
        zeros += in.next();
        positive.mergeFrom(in);
        negative.mergeFrom(in);
    }

    /** Counts by bucket index, dense from the lowest index used. */
    private static final class Buckets {
        private long[] counts = new long[0];
        private int offset;

        int first() {
            return offset;
        }

        int last() {
            return offset + counts.length - 1;
        }

        long at(int index) {
            return counts[index - offset];
        }

        void add(int index, long n) {
            if (counts.length == 0) {
                counts = new long[1];
                offset = index;
            } else if (index < offset) {
                long[] grown = new long[counts.length + offset - index];
                System.arraycopy(counts, 0, grown, offset - index, counts.length);
                counts = grown;
                offset = index;
            } else if (index > last()) {
                counts = Arrays.copyOf(counts, index - offset + 1);
            }
            counts[index - offset] += n;
        }

        void merge(Buckets other) {
            if (other.counts.length == 0) {
                return;
            }
            add(other.first(), 0);
            add(other.last(), 0);
            for (int i = 0; i < other.counts.length; i++) {
                counts[other.offset + i - offset] += other.counts[i];
            }
        }

        /** Only the buckets in use, as (gap from the previous one, count) pairs. */
        void writeTo(Packed.Writer out) {
            int used = 0;
            for (long c : counts) {
                used += c == 0 ? 0 : 1;
            }
            out.put(used);
            int previous = 0;
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] != 0) {
                    out.put(offset + i - previous).put(counts[i]);
                    previous = offset + i;
                }
            }
        }

        void mergeFrom(Packed.Reader in) {
            int used = in.nextInt();
            if (used == 0) {
                return;
            }
            int[] indexes = new int[used];
            long[] values = new long[used];
            int index = 0;
            for (int i = 0; i < used; i++) {
                index += in.nextInt();
                indexes[i] = index;
                values[i] = in.next();
            }
            add(indexes[0], 0); // grown at most twice: to the lowest and the highest index
            add(indexes[used - 1], 0);
            for (int i = 0; i < used; i++) {
                counts[indexes[i] - offset] += values[i];
            }
        }
    }
}
