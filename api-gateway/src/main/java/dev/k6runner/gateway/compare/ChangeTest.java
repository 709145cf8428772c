package dev.k6runner.gateway.compare;

import java.util.Arrays;

/**
 * Whether one run's per-bucket series differs from another's by more than noise: a two-sided Mann–Whitney U test
 * (normal approximation, ties corrected) over the two samples, and a minimum effect on their medians. The test says
 * the shift is real; the minimum effect says it matters: neighbouring buckets of a run are correlated, so over 100+
 * buckets a few percent can be "significant" without being a change anyone should act on.
 */
final class ChangeTest {

    /** Two-sided significance level. */
    static final double ALPHA = 0.01;
    /** Fewer buckets than this on either side, and no verdict but no_change. */
    static final int MIN_SAMPLES = 5;

    /** Which way is better, and how large a change of the median must be before it counts. */
    enum Direction {
        LOWER_IS_BETTER, HIGHER_IS_BETTER
    }

    /**
     * @param verdict        regression, improvement or no_change
     * @param pValue         the two-sided p of Mann–Whitney U (1 when not computed)
     * @param baseMedian     the base sample's median
     * @param headMedian     the head sample's median
     * @param effect         head median minus base median, relative to the base median when relative, else absolute
     */
    record Outcome(String verdict, double pValue, double baseMedian, double headMedian, double effect, int baseSamples,
                   int headSamples) {
    }

    private ChangeTest() {
    }

    /**
     * @param minEffect the smallest change of the median that counts: relative (0.10 = 10 %) when {@code relative},
     *                  else absolute in the series' unit (e.g. 0.01 = one percentage point of error rate)
     */
    static Outcome decide(double[] base, double[] head, Direction direction, double minEffect, boolean relative) {
        if (base.length < MIN_SAMPLES || head.length < MIN_SAMPLES) {
            return new Outcome("no_change", 1.0, median(base), median(head), 0.0, base.length, head.length);
        }
        double p = mannWhitneyP(base, head);
        double baseMedian = median(base);
        double headMedian = median(head);
        double effect = relative ? relativeChange(baseMedian, headMedian) : headMedian - baseMedian;
        String verdict = "no_change";
        if (p < ALPHA && Math.abs(effect) >= minEffect) {
            boolean worse = direction == Direction.LOWER_IS_BETTER ? effect > 0 : effect < 0;
            verdict = worse ? "regression" : "improvement";
        }
        return new Outcome(verdict, p, baseMedian, headMedian, effect, base.length, head.length);
    }

    /** Two-sided p of the Mann–Whitney U statistic, by its normal approximation with the tie correction. */
    static double mannWhitneyP(double[] a, double[] b) {
        int n1 = a.length;
        int n2 = b.length;
        int n = n1 + n2;
        double[][] all = new double[n][];
        for (int i = 0; i < n1; i++) {
            all[i] = new double[] {a[i], 0};
        }
        for (int i = 0; i < n2; i++) {
            all[n1 + i] = new double[] {b[i], 1};
        }
        Arrays.sort(all, (x, y) -> Double.compare(x[0], y[0]));
        double rankSumA = 0;
        double tieTerm = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && all[j][0] == all[i][0]) {
                j++;
            }
            double rank = (i + 1 + j) / 2.0;
            for (int k = i; k < j; k++) {
                rankSumA += all[k][1] == 0 ? rank : 0;
            }
            double t = j - i;
            tieTerm += t * t * t - t;
            i = j;
        }
        double u = rankSumA - n1 * (n1 + 1) / 2.0;
        double mean = n1 * (double) n2 / 2.0;
        double variance = n1 * (double) n2 / 12.0 * ((n + 1) - tieTerm / ((double) n * (n - 1)));
        if (variance <= 0) {
            return 1.0;
        }
        double z = (Math.abs(u - mean) - 0.5) / Math.sqrt(variance);
        return Math.min(1.0, erfc(Math.max(0, z) / Math.sqrt(2)));
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    /** (head − base) / base; 0 when both are 0, and ±infinity from a zero base. */
    static double relativeChange(double base, double head) {
        if (base == 0) {
            return head == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, head);
        }
        return (head - base) / Math.abs(base);
    }

    /** The complementary error function (Numerical Recipes' erfcc, |error| < 1.2e-7). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2.0 - r;
    }
}
