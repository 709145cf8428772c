package dev.k6runner.bench.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The soak's knobs, as {@code --name=value} arguments (scripts/soak.sh passes its own through).
 *
 * @param runs          submissions in total (long runs included)
 * @param longRuns      of which this many are long (the sigint recording, stopped by its time limit) so a runner dies mid-run
 * @param clients       concurrent submitting clients
 * @param runners       runner processes at start (one more starts after the kill)
 * @param slots         slots per runner
 * @param speed         the stand-in's replay speed
 * @param submitWindow  submissions are spread evenly over this window
 * @param drainLimit    how long to wait for every run to end after the last submission
 * @param dataDirectory where the soak keeps Postgres, Kafka, logs and the invocation log (fresh per soak)
 */
record SoakSettings(int runs, int longRuns, int clients, int runners, int slots, double speed, Duration submitWindow,
                    Duration drainLimit, Path dataDirectory) {

    static SoakSettings parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("arguments are --name=value, got " + arg);
            }
            values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        SoakSettings settings = new SoakSettings(
                Integer.parseInt(values.getOrDefault("runs", "300")),
                Integer.parseInt(values.getOrDefault("long-runs", "4")),
                Integer.parseInt(values.getOrDefault("clients", "4")),
                Integer.parseInt(values.getOrDefault("runners", "3")),
                Integer.parseInt(values.getOrDefault("slots", "2")),
                Double.parseDouble(values.getOrDefault("speed", "2")),
                Duration.ofSeconds(Long.parseLong(values.getOrDefault("submit-seconds", "150"))),
                Duration.ofSeconds(Long.parseLong(values.getOrDefault("drain-seconds", "300"))),
                Path.of(values.getOrDefault("data-dir", "benchmarks/target/soak-" + System.currentTimeMillis())).toAbsolutePath());
        if (settings.longRuns >= settings.runs || settings.runners < 2 || settings.clients < 1) {
            throw new IllegalArgumentException("need long-runs < runs, at least 2 runners and 1 client: " + settings);
        }
        return settings;
    }
}
