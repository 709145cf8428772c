package dev.k6runner.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.k6runner.bench.jmh.JmhRun;
import dev.k6runner.bench.report.Report;

/** The teammates' JMH benchmarks (bench/stream, bench/analysis), run with short iterations, as report figures. */
final class JmhFigures {

    private JmhFigures() {
    }

    static void stream(Report report, BenchSettings settings) {
        if (!JmhRun.available("dev.k6runner.bench.stream.")) {
            report.note("stream folding: no JMH benchmark under bench/stream in this build; figure not taken");
            return;
        }
        String bytes = settings.quick() ? "30000000" : "100000000";
        List<JmhRun.Result> results = run(report, "stream", "dev\\.k6runner\\.bench\\.stream\\.StreamFoldBenchmark",
                List.of("-p", "bytes=" + bytes), settings);
        Optional<JmhRun.Result> fold = results.stream().filter(r -> r.method().equals("fold")).findFirst();
        Optional<JmhRun.Result> plain = results.stream().filter(r -> r.method().equals("plainRead")).findFirst();
        if (fold.isEmpty() || plain.isEmpty()) {
            report.note("stream folding: the JMH run gave no fold/plainRead pair: " + results);
            return;
        }
        double foldMb = megabytesPerSecond(fold.get());
        double plainMb = megabytesPerSecond(plain.get());
        report.add("stream", "--out json folding, MB/s per core", Report.format(foldMb, 0) + " MB/s",
                Report.format(plainMb, 0) + " MB/s (plain read of the same file)", Report.ratio(foldMb, plainMb),
                "one thread, generated k6 stream of " + Long.parseLong(bytes) / 1_000_000 + " MB, " + jmhConditions(settings));
    }

    static void analysis(Report report, BenchSettings settings) {
        if (!JmhRun.available("dev.k6runner.bench.analysis.")) {
            report.note("analysis: no JMH benchmark under bench/analysis in this build; figure not taken");
            return;
        }
        List<JmhRun.Result> results = run(report, "analysis", "dev\\.k6runner\\.bench\\.analysis\\.", List.of(), settings);
        JmhRun.Result baseline = results.stream().filter(r -> r.method().toLowerCase(java.util.Locale.ROOT).contains("baseline")
                || r.method().toLowerCase(java.util.Locale.ROOT).contains("parse")).findFirst().orElse(null);
        for (JmhRun.Result result : results) {
            if (result == baseline) {
                continue;
            }
            String value = describe(result);
            report.add("analysis", result.benchmark().replace("dev.k6runner.bench.analysis.", "") + params(result.params()),
                    value, baseline == null ? "-" : Report.format(baseline.score(), 2) + " " + baseline.unit() + " (" + baseline.method() + ")",
                    baseline == null || !baseline.unit().equals(result.unit()) ? "-" : Report.ratio(result.score(), baseline.score()),
                    result.mode() + ", " + jmhConditions(settings) + (result.secondary().isEmpty() ? "" : ", counters " + result.secondary()));
        }
    }

    private static List<JmhRun.Result> run(Report report, String name, String include, List<String> extra, BenchSettings settings) {
        List<String> options = new ArrayList<>(List.of("-f", "1", "-wi", "1", "-w", settings.quick() ? "2s" : "3s",
                "-i", settings.quick() ? "2" : "3", "-r", settings.quick() ? "3s" : "5s"));
        options.addAll(extra);
        try {
            return JmhRun.run(include, options, settings.dataDirectory().resolve("jmh-" + name + ".json"),
                    settings.dataDirectory().resolve("jmh-" + name + ".log"), settings.quick() ? 600 : 900);
        } catch (Exception e) {
            report.note(name + ": JMH failed: " + e.getMessage());
            return List.of();
        }
    }

    /** Throughput as is; a sample-time result as its mean and p95 in milliseconds. */
    private static String describe(JmhRun.Result result) {
        Double p95 = result.percentiles().get("95.0");
        double toMillis = switch (result.unit()) {
            case "s/op" -> 1000;
            case "ms/op" -> 1;
            case "us/op" -> 0.001;
            case "ns/op" -> 0.000001;
            default -> Double.NaN;
        };
        if (Double.isNaN(toMillis)) {
            return Report.format(result.score(), 1) + " " + result.unit();
        }
        return "mean " + Report.format(result.score() * toMillis, 3) + " ms/op"
                + (p95 == null ? "" : ", p95 " + Report.format(p95 * toMillis, 3) + " ms");
    }

    /** The "mb" auxiliary counter (megabytes per second), else the primary score when it is in MB/s. */
    private static double megabytesPerSecond(JmhRun.Result result) {
        Double mb = result.secondary().get("mb");
        return mb != null ? mb : result.score();
    }

    private static String params(Map<String, String> params) {
        return params.isEmpty() ? "" : " " + params;
    }

    private static String jmhConditions(BenchSettings settings) {
        return settings.quick() ? "JMH 1 fork, 1×2 s warm-up, 2×3 s measured" : "JMH 1 fork, 1×3 s warm-up, 3×5 s measured";
    }
}
