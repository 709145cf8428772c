package dev.k6runner.runner.execution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import dev.k6runner.model.LoadGeneratorHealth;
import dev.k6runner.runner.stream.CpuSeries;
import dev.k6runner.runner.stream.FoldLimits;

/**
 * CPU and memory of a k6 process tree, sampled about once a second from {@code /proc/<pid>/stat}
 * (utime+stime deltas; RSS in pages). CPU is in percent of one core, like {@code top}: a multi-threaded k6
 * can exceed 100. A sample is saturated at or above {@code thresholdPercent}. Each sample is also kept in a
 * {@link CpuSeries} under the wall-clock second it measured, for the report's CPU chart.
 */
final class LoadSampler {

    /** USER_HZ: the unit of utime/stime, 100 on every Linux architecture the runner targets. */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final long PAGE_BYTES = 4096;

    private final double thresholdPercent;
    private final double sustainedShare;
    private final int minSamples;
    private Map<Long, Long> lastTicks = new HashMap<>();
    private long lastNanos;
    private int samples;
    private int saturatedSamples;
    private double cpuSum;
    private double cpuPeak;
    private long rssPeak;
    private final CpuSeries series = new CpuSeries(FoldLimits.defaults().maxTimelineBuckets());

    LoadSampler(double thresholdPercent, double sustainedShare, int minSamples) {
        this.thresholdPercent = thresholdPercent;
        this.sustainedShare = sustainedShare;
        this.minSamples = minSamples;
    }

    /** A sample taken now: its CPU is put at the wall-clock second it mostly measured (the one before now). */
    long sample(Stream<ProcessHandle> tree) {
        return sample(tree, System.nanoTime(), (System.currentTimeMillis() - 500) / 1000);
    }

    /** @return the tree's resident memory in this sample, in bytes */
    synchronized long sample(Stream<ProcessHandle> tree, long nowNanos, long epochSecond) {
        Map<Long, Long> ticks = new HashMap<>();
        long rss = 0;
        for (ProcessHandle handle : tree.toList()) {
            long[] stat = stat(handle.pid());
            if (stat != null) {
                ticks.put(handle.pid(), stat[0]);
                rss += stat[1] * PAGE_BYTES;
            }
        }
        rssPeak = Math.max(rssPeak, rss);
        if (lastNanos != 0 && nowNanos > lastNanos) {
            long delta = 0;
            for (Map.Entry<Long, Long> entry : ticks.entrySet()) {
                delta += Math.max(0, entry.getValue() - lastTicks.getOrDefault(entry.getKey(), 0L));
            }
            double cpu = delta / TICKS_PER_SECOND / ((nowNanos - lastNanos) / 1e9) * 100.0;
            samples++;
            cpuSum += cpu;
            cpuPeak = Math.max(cpuPeak, cpu);
            series.record(epochSecond, cpu);
            if (cpu >= thresholdPercent) {
                saturatedSamples++;
            }
        }
        lastTicks = ticks;
        lastNanos = nowNanos;
        return rss;
    }

    synchronized LoadGeneratorHealth health() {
        boolean saturated = samples >= minSamples && saturatedSamples >= sustainedShare * samples;
        return new LoadGeneratorHealth(samples, samples == 0 ? 0 : cpuSum / samples, cpuPeak, rssPeak, saturated);
    }

    CpuSeries series() {
        return series;
    }

    /** {utime+stime, rss pages} of one process, or null when it is gone. */
    static long[] stat(long pid) {
        try {
            String[] fields = statFields(Path.of("/proc", Long.toString(pid), "stat"));
            return new long[] {Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long.parseLong(fields[21])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The fields of a {@code /proc/<pid>/stat} file from field 3 (state) on: index i is field i + 3. */
    static String[] statFields(Path stat) throws IOException {
        String line = Files.readString(stat);
        // the command name (field 2) may hold spaces and parentheses: fields start after its last ')'
        return line.substring(line.lastIndexOf(')') + 2).split(" ");
    }
}
