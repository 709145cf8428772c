package dev.k6runner.bench.stream;

import java.util.Collection;
import java.util.Locale;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link StreamScannerBenchmark} (hand-written scanner, then Jackson, same file, same JVM
 * flags) and prints each one's MB/s of wall time and MB per CPU-second, and the ratio
 * hand-written / Jackson of both. The project keeps the hand-written scanner only while that
 * ratio is at least 1.5 (docs/stream-folding.md, "Why hand-written").
 *
 * <p>Usage: {@code java -cp ... dev.k6runner.bench.stream.StreamScannerComparison [bytes] [forks]}
 * (defaults 300000000 and 1; forks 0 runs both in this very JVM).
 */
public final class StreamScannerComparison {

    private StreamScannerComparison() {
    }

    public static void main(String[] args) throws RunnerException {
        String bytes = args.length > 0 ? args[0] : "300000000";
        int forks = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(StreamScannerBenchmark.class.getName() + "\\.")
                .param("bytes", bytes)
                .forks(forks);
        if (forks == 0) {
            options.shouldDoGC(true);
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        Figures handWritten = Figures.of(results, "handWritten");
        Figures jackson = Figures.of(results, "jackson");
        Figures jacksonWithRfc3339 = Figures.of(results, "jacksonWithRfc3339");
        System.out.println(handWritten.line("hand-written"));
        System.out.println(jackson.line("jackson"));
        System.out.println(jacksonWithRfc3339.line("jackson+rfc3339"));
        System.out.printf(Locale.ROOT, "hand-written / jackson: wall %.2f, per CPU-second %.2f%n",
                handWritten.wall / jackson.wall, handWritten.perCpuSecond / jackson.perCpuSecond);
        System.out.printf(Locale.ROOT, "hand-written / jackson+rfc3339: wall %.2f, per CPU-second %.2f%n",
                handWritten.wall / jacksonWithRfc3339.wall, handWritten.perCpuSecond / jacksonWithRfc3339.perCpuSecond);
    }

    private record Figures(double wall, double wallError, double perCpuSecond) {

        static Figures of(Collection<RunResult> results, String method) {
            RunResult run = results.stream()
                    .filter(r -> r.getParams().getBenchmark().endsWith("." + method)).findFirst().orElseThrow();
            Result<?> mb = run.getSecondaryResults().get("mb");
            Result<?> cpu = run.getSecondaryResults().get("cpuSeconds");
            return new Figures(mb.getScore(), mb.getScoreError(), mb.getScore() / cpu.getScore());
        }

        String line(String name) {
            return String.format(Locale.ROOT, "%-16s %6.0f ± %.0f MB/s wall, %6.0f MB per CPU-second", name + ":",
                    wall, wallError, perCpuSecond);
        }
    }
}
