package dev.k6runner.platform.segment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What k6 v0.49's executors give one segment of a sequence (lib/executor/*.go): their VUs by ScaleInt64, their
 * iterations by ScaleInt64 of the sequence re-cut by the VUs, or, for the arrival rates, the global iteration
 * indexes the segment owns on k6's striping. {@code work} is what a segment does: VUs and iterations started.
 */
record K6Executor(String type, long vus, long iterations) {

    /** shared-iterations: GetNewExecutionTupleFromValue(VUs).ScaleInt64(iterations). */
    static K6Executor sharedIterations(StripedSequence sequence, int segment, long vus, long iterations) {
        StripedSequence.Retuple tuple = sequence.reshapedBy(vus, segment);
        return new K6Executor("shared-iterations", sequence.scale(segment, vus), tuple == null ? 0 : tuple.scale(iterations));
    }

    /** per-vu-iterations: ScaleInt64(VUs) VUs, each doing all its iterations. */
    static K6Executor perVuIterations(StripedSequence sequence, int segment, long vus, long iterationsPerVu) {
        long own = sequence.scale(segment, vus);
        return new K6Executor("per-vu-iterations", own, own * iterationsPerVu);
    }

    /** constant-vus: ScaleInt64(VUs). */
    static K6Executor constantVus(StripedSequence sequence, int segment, long vus) {
        return new K6Executor("constant-vus", sequence.scale(segment, vus), 0);
    }

    /** ramping-vus: startVUs and every stage's target scaled with ScaleInt64; the VUs at each stage's end. */
    static List<Long> rampingVus(StripedSequence sequence, int segment, long startVus, long... targets) {
        List<Long> vus = new ArrayList<>();
        vus.add(sequence.scale(segment, startVus));
        for (long target : targets) {
            vus.add(sequence.scale(segment, target));
        }
        return vus;
    }

    /**
     * constant-arrival-rate: the unscaled ticker period; the segment starts the global iterations gi (at
     * gi × period) that it owns in the sequence re-cut by maxVUs. Returns the global indexes it starts.
     */
    static List<Long> constantArrivalRate(StripedSequence sequence, int segment, long rate, Duration timeUnit,
                                          Duration duration, long maxVus) {
        StripedSequence.Retuple tuple = sequence.reshapedBy(maxVus, segment);
        List<Long> started = new ArrayList<>();
        double period = (double) timeUnit.toNanos() / rate;
        for (long gi = 0; gi * period < duration.toNanos(); gi++) {
            if (tuple != null && tuple.owns(gi)) {
                started.add(gi);
            }
        }
        return started;
    }

    /**
     * ramping-arrival-rate (its cal()): events i = 1, 2, … up to the area under the rate curve, each owned by one
     * segment on the striping of the sequence re-cut by maxVUs. Returns the global events (1-based) it starts.
     */
    static List<Long> rampingArrivalRate(StripedSequence sequence, int segment, long maxVus, Duration timeUnit,
                                         long startRate, long[] targets, Duration[] durations) {
        StripedSequence.Retuple tuple = sequence.reshapedBy(maxVus, segment);
        double unit = timeUnit.toNanos();
        double from = startRate / unit;
        double area = 0;
        for (int s = 0; s < targets.length; s++) {
            double to = targets[s] / unit;
            area += durations[s].toNanos() * ((to - from) / 2 + from);
            from = to;
        }
        List<Long> started = new ArrayList<>();
        for (long i = 1; i <= area + 1e-9; i++) {
            if (tuple != null && tuple.owns(i - 1)) {
                started.add(i);
            }
        }
        return started;
    }
}
