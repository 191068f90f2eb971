package dev.herald.bench.measure;

import java.util.Arrays;

/** Percentiles of a set of latencies in milliseconds (nearest rank: p99 is a value that was actually observed). */
public record Distribution(int count, double p50, double p95, double p99, double max, double mean) {

    public static final Distribution EMPTY = new Distribution(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public static Distribution ofMillis(double[] values) {
        if (values.length == 0) {
            return EMPTY;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (double value : sorted) {
            sum += value;
        }
        return new Distribution(sorted.length, percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99),
                sorted[sorted.length - 1], sum / sorted.length);
    }

    /** The smallest value that at least {@code p} percent of the values are less than or equal to. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
    }
}
