package dev.nabla.train;

import java.util.Arrays;

/**
 * What a recorder keeps of one tensor's values (an activation, a gradient): count, mean, standard
 * deviation, extremes, L2 norm and a histogram, so the tensor itself can be dropped at the end of its step.
 * Non-finite values are counted apart and left out of everything else.
 *
 * @param count the finite values
 * @param nonFinite NaN and infinite values, left out of the rest
 * @param norm the L2 norm, {@code sqrt(Σ v²)}
 * @param histogram the values' distribution over [min, max]
 */
public record ValueSummary(long count, long nonFinite, double mean, double std, double min, double max, double norm,
        Histogram histogram) {

    /**
     * A histogram over {@code [lo, hi]} in equal bins; a value equal to {@code hi} falls in the last bin.
     * {@code lo == hi} (every value equal) puts them all in the middle bin.
     */
    public record Histogram(double lo, double hi, long[] counts) {
        public Histogram {
            counts = counts.clone();
        }

        @Override
        public long[] counts() {
            return counts.clone();
        }

        /** The number of bins. */
        public int bins() {
            return counts.length;
        }

        /** The centre of bin {@code i}. */
        public double center(int i) {
            return lo == hi ? lo : lo + (hi - lo) * (i + 0.5) / counts.length;
        }

        /**
         * The same counts over another range and bin count, each old bin's count moved whole into the new bin
         * holding its centre (clamped into range): exact when the new bins are much wider, which is what a
         * shared axis over layers of very different scales needs.
         */
        public Histogram rebin(double newLo, double newHi, int bins) {
            long[] out = new long[bins];
            for (int i = 0; i < counts.length; i++) {
                out[bin(center(i), newLo, newHi, bins)] += counts[i];
            }
            return new Histogram(newLo, newHi, out);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Histogram h && h.lo == lo && h.hi == hi && Arrays.equals(h.counts, counts);
        }

        @Override
        public int hashCode() {
            return Double.hashCode(lo) * 31 + Arrays.hashCode(counts);
        }

        @Override
        public String toString() {
            return "Histogram[" + lo + ", " + hi + "] " + Arrays.toString(counts);
        }
    }

    /** The summary of {@code values} with a histogram of {@code bins} bins over their range. */
    public static ValueSummary of(double[] values, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("a histogram needs at least 1 bin, got " + bins);
        }
        long n = 0, bad = 0;
        double sum = 0, sumSq = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (!Double.isFinite(v)) {
                bad++;
                continue;
            }
            n++;
            sum += v;
            sumSq += v * v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (n == 0) {
            return new ValueSummary(0, bad, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    new Histogram(0, 0, new long[bins]));
        }
        double mean = sum / n;
        double var = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                var += (v - mean) * (v - mean); // two passes: a one-pass variance cancels for tiny gradients
            }
        }
        long[] counts = new long[bins];
        for (double v : values) {
            if (Double.isFinite(v)) {
                counts[bin(v, min, max, bins)]++;
            }
        }
        return new ValueSummary(n, bad, mean, Math.sqrt(var / n), min, max, Math.sqrt(sumSq),
                new Histogram(min, max, counts));
    }

    static int bin(double v, double lo, double hi, int bins) {
        if (!(hi > lo)) {
            return bins / 2;
        }
        int b = (int) Math.floor((v - lo) / (hi - lo) * bins);
        return Math.clamp(b, 0, bins - 1);
    }

    /** The root mean square, {@code norm / sqrt(count)}: a size-free scale to compare layers of different widths. */
    public double rms() {
        return count == 0 ? Double.NaN : norm / Math.sqrt(count);
    }
}
