package dev.k6runner.bench.analysis;

import java.util.Arrays;
import java.util.Locale;

import dev.k6runner.analyzer.analysis.AnalysisInput;
import dev.k6runner.analyzer.analysis.AnalysisJson;
import dev.k6runner.analyzer.analysis.RunAnalysis;
import dev.k6runner.analyzer.baseline.BaselineHistory;
import dev.k6runner.analyzer.finish.RunAnalyzer;

/**
 * The same workload as {@link AnalysisBenchmark} without JMH: prints analyses per second (one
 * thread) and p50/p95/p99 of one analysis. Args: [warm-up count] [measured count].
 */
public final class AnalysisHarness {

    private AnalysisHarness() {
    }

    public static void main(String[] args) {
        int warmUp = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int measured = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        RunAnalyzer analyzer = AnalysisWorkload.analyzer();
        AnalysisInput input = AnalysisWorkload.input();
        BaselineHistory history = AnalysisWorkload.history();
        long sink = 0;
        for (int i = 0; i < warmUp; i++) {
            sink += once(analyzer, input, history);
        }
        long[] nanos = new long[measured];
        long start = System.nanoTime();
        for (int i = 0; i < measured; i++) {
            long t = System.nanoTime();
            sink += once(analyzer, input, history);
            nanos[i] = System.nanoTime() - t;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "analyses: %d in %.2f s = %.0f analyses/s (one thread)%n", measured, seconds, measured / seconds);
        System.out.printf(Locale.ROOT, "latency of one analysis: p50 %.3f ms, p95 %.3f ms, p99 %.3f ms, max %.3f ms (sink %d)%n",
                at(nanos, 0.50), at(nanos, 0.95), at(nanos, 0.99), nanos[nanos.length - 1] / 1e6, sink % 10);
    }

    private static long once(RunAnalyzer analyzer, AnalysisInput input, BaselineHistory history) {
        RunAnalysis analysis = analyzer.analyze(input, history);
        return AnalysisJson.write(analysis.document()).length() + AnalysisJson.write(analysis.metrics()).length();
    }

    private static double at(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
