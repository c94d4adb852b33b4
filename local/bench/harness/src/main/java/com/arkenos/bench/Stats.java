package com.arkenos.bench;

import java.util.Arrays;
import java.util.List;

/** Order statistics of samples. */
final class Stats {
    private Stats() {
    }

    static double median(List<Double> samples) {
        return percentile(samples.stream().mapToDouble(Double::doubleValue).toArray(), 50);
    }

    /** Nearest-rank percentile ({@code p} in 0..100) of the samples; NaN when there are none. */
    static double percentile(double[] samples, double p) {
        if (samples.length == 0) {
            return Double.NaN;
        }
        double[] s = samples.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }

    static double percentile(long[] samples, double p) {
        return percentile(Arrays.stream(samples).asDoubleStream().toArray(), p);
    }
}
