package dev.k6runner.bench.merge;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

import dev.k6runner.runner.stream.FoldLimits;
import dev.k6runner.runner.stream.MetricStreamFolder;

/**
 * The fold's speed on a stream where, as in real k6's, every metric is declared by a Metric line
 * before its points (the stream benchmarks' generated file declares only four, so since issue 18
 * it measures less work than a real stream costs). Folds the same in-memory stream repeatedly, one
 * thread, and prints the median MB/s of wall time and MB per CPU-second of the thread. Run it with
 * the runner's classes of two commits on the classpath to compare them.
 *
 * <p>Usage: {@code java -cp ... dev.k6runner.bench.merge.FoldCost [seconds] [requestsPerSecond] [repeats]}
 * (defaults 1200, 20, 10: an 85 MB stream).
 */
public final class FoldCost {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private FoldCost() {
    }

    public static void main(String[] args) throws IOException {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 1200;
        int rps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        byte[] stream = SegmentStream.generate(0, seconds, rps).ndjson;
        double mb = stream.length / 1e6;
        for (int i = 0; i < 3; i++) {
            fold(stream);
        }
        double[] wall = new double[repeats];
        double[] cpu = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            fold(stream);
            wall[i] = mb / ((System.nanoTime() - start) / 1e9);
            cpu[i] = mb / ((THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9);
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        System.out.printf(Locale.ROOT, "%.0f MB stream, every metric declared: median %.0f MB/s wall, %.0f MB per CPU-second (%d folds)%n",
                mb, wall[repeats / 2], cpu[repeats / 2], repeats);
    }

    private static long fold(byte[] stream) throws IOException {
        MetricStreamFolder folder = new MetricStreamFolder(FoldLimits.defaults());
        folder.consume(new ByteArrayInputStream(stream));
        return folder.pointsRead();
    }
}
