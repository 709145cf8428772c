package dev.k6runner.runner.execution;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.k6runner.model.RunSpec;

/** The {@code k6 run} command line and environment for one run. */
final class K6Command {

    static final String TREND_STATS = "avg,min,med,max,p(90),p(95),p(99),count";

    private K6Command() {
    }

    static List<String> run(String k6, RunSpec spec, WorkFolder folder, List<String> blockedAddresses) {
        List<String> line = new ArrayList<>(List.of(k6, "run",
                "--no-color",
                // k6 < v2 listens on 127.0.0.1:6565 by default: two k6 on one host collide there
                "--address=",
                "--no-usage-report",
                // by default k6 run hands the whole process environment to the script as __ENV
                "--include-system-env-vars=false",
                "--summary-export=" + folder.summary(),
                "--summary-trend-stats=" + TREND_STATS,
                "--out", "json=" + folder.fifo()));
        if (spec.vus() != null) {
            line.addAll(List.of("--vus", spec.vus().toString()));
        }
        if (spec.duration() != null && !spec.duration().isBlank()) {
            line.addAll(List.of("--duration", spec.duration()));
        }
        if (spec.iterations() != null) {
            line.addAll(List.of("--iterations", spec.iterations().toString()));
        }
        new TreeMap<>(spec.env()).forEach((key, value) -> line.addAll(List.of("-e", key + "=" + value)));
        new TreeMap<>(spec.tags()).forEach((key, value) -> line.addAll(List.of("--tag", key + "=" + value)));
        blockedAddresses.forEach(cidr -> line.addAll(List.of("--blacklist-ip", cidr)));
        line.add(WorkFolder.SCRIPT);
        return line;
    }

    /** Everything k6 gets from the runner's environment: nothing of the runner's own, only what k6 needs. */
    static Map<String, String> environment(WorkFolder folder) {
        String home = folder.path().toString();
        return Map.of(
                "PATH", "/usr/local/bin:/usr/bin:/bin",
                "HOME", home,
                "TMPDIR", home,
                "K6_NO_USAGE_REPORT", "true");
    }
}
