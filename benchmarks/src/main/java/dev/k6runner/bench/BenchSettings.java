package dev.k6runner.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's arguments: {@code --quick} (shorter everything, no 1M step), {@code --only=stream,analysis,confinement,generator,fairness,services,intake-wrk,bundles},
 * {@code --concurrency=8}, {@code --load-seconds=15}, {@code --data-dir=...}, {@code --queue-cap=1000} (intake-wrk: the
 * queue held at that many runs during submissions by a runner stand-in; 0 = no runner, the queue grows),
 * {@code --warmup-seconds=30} (intake-wrk: unmeasured submissions, then polls, this long each between the cold
 * pass and the warm ones, so that those measure a gateway whose request path the JIT has compiled; 0 = none).
 */
record BenchSettings(boolean quick, List<String> only, int concurrency, Duration loadDuration, Path dataDirectory, int queueCap,
                     Duration warmUp) {

    static BenchSettings parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (String arg : args) {
            if (arg.equals("--quick")) {
                values.put("quick", "true");
            } else if (arg.startsWith("--") && arg.contains("=")) {
                values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                throw new IllegalArgumentException("unknown argument " + arg + " (see scripts/benchmark.sh)");
            }
        }
        boolean quick = values.containsKey("quick");
        return new BenchSettings(quick,
                List.of(values.getOrDefault("only", "stream,analysis,confinement,generator,fairness,services,intake-wrk,bundles").split(",")),
                Integer.parseInt(values.getOrDefault("concurrency", "8")),
                Duration.ofSeconds(Long.parseLong(values.getOrDefault("load-seconds", quick ? "6" : "15"))),
                Path.of(values.getOrDefault("data-dir", "benchmarks/target/bench-" + System.currentTimeMillis())).toAbsolutePath(),
                Integer.parseInt(values.getOrDefault("queue-cap", "1000")),
                Duration.ofSeconds(Long.parseLong(values.getOrDefault("warmup-seconds", "30"))));
    }

    boolean runs(String part) {
        return only.contains(part);
    }
}
