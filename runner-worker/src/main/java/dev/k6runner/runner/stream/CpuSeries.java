package dev.k6runner.runner.stream;

import java.util.Map;
import java.util.TreeMap;

/**
 * The load generator's CPU second by second, for the timeline's chart. Samples arrive about once a second from
 * the runner's sampler thread while the fold runs on its own, so access is synchronised. Bounded like the
 * timeline: past {@code maxBuckets} the bucket width doubles (aligned to the epoch, so it matches the timeline's
 * buckets) and neighbours merge; a 4-hour test keeps at most {@code maxBuckets} pairs of numbers.
 */
public final class CpuSeries {

    private final int maxBuckets;
    private TreeMap<Long, double[]> sumAndCount = new TreeMap<>();
    private long width = 1;

    public CpuSeries(int maxBuckets) {
        this.maxBuckets = maxBuckets;
    }

    /** One sample, in percent of one core, measured over the second that {@code epochSecond} names. */
    public synchronized void record(long epochSecond, double percent) {
        double[] bucket = sumAndCount.computeIfAbsent(aligned(epochSecond), k -> new double[2]);
        bucket[0] += percent;
        bucket[1]++;
        while (sumAndCount.size() > maxBuckets) {
            doubleWidth();
        }
    }

    /** The mean of the samples in {@code [fromSecond, fromSecond + seconds)}, or null when none fell there. */
    public synchronized Double averageOver(long fromSecond, long seconds) {
        double sum = 0;
        double count = 0;
        // a bucket of this series wider than the asked span counts when it overlaps it
        for (double[] bucket : sumAndCount.subMap(aligned(fromSecond), true, fromSecond + seconds, false).values()) {
            sum += bucket[0];
            count += bucket[1];
        }
        return count == 0 ? null : Math.round(sum / count * 10.0) / 10.0;
    }

    public synchronized int size() {
        return sumAndCount.size();
    }

    private long aligned(long second) {
        return second - Math.floorMod(second, width);
    }

    private void doubleWidth() {
        width *= 2;
        TreeMap<Long, double[]> merged = new TreeMap<>();
        for (Map.Entry<Long, double[]> entry : sumAndCount.entrySet()) {
            double[] into = merged.computeIfAbsent(aligned(entry.getKey()), k -> new double[2]);
            into[0] += entry.getValue()[0];
            into[1] += entry.getValue()[1];
        }
        sumAndCount = merged;
    }
}
