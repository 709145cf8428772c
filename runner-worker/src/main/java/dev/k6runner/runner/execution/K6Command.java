package dev.k6runner.runner.execution;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import dev.k6runner.model.RunSpec;
import dev.k6runner.model.Segment;
import dev.k6runner.platform.segment.ExecutionSegments;

/**
 * The k6 command lines of one run. Nothing secret is ever on them: a run's env reaches k6 through its process
 * environment ({@link RunEnvironment}), which only the same user (or root) can read.
 */
final class K6Command {

    static final String TREND_STATS = "avg,min,med,max,p(90),p(95),p(99),count";
    /** k6 hands its process environment to the script as __ENV: exactly what {@link RunEnvironment} built. */
    static final String SYSTEM_ENV = "--include-system-env-vars=true";

    private K6Command() {
    }

    static List<String> run(String k6, RunSpec spec, WorkFolder folder, List<String> blockedAddresses) {
        return run(k6, spec, folder, blockedAddresses, null, null);
    }

    /**
     * @param segment    this process's share of a test on several runners (k6's own execution segments), or null
     * @param systemTags the tags k6 writes ({@code StreamTags}, chosen from k6 inspect's options), or null for k6's
     *                   default: fewer tags, fewer bytes that k6 encodes on every point, the same results
     */
    static List<String> run(String k6, RunSpec spec, WorkFolder folder, List<String> blockedAddresses, Segment segment,
                            String systemTags) {
        List<String> line = new ArrayList<>(List.of(k6, "run",
                "--no-color",
                // k6 < v2 listens on 127.0.0.1:6565 by default: two k6 on one host collide there
                "--address=",
                "--no-usage-report",
                SYSTEM_ENV,
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
        new TreeMap<>(spec.tags()).forEach((key, value) -> line.addAll(List.of("--tag", key + "=" + value)));
        blockedAddresses.forEach(cidr -> line.addAll(List.of("--blacklist-ip", cidr)));
        if (segment != null) {
            line.addAll(ExecutionSegments.flags(segment));
        }
        if (systemTags != null) {
            line.add("--system-tags=" + systemTags);
        }
        line.add(folder.entry());
        return line;
    }

    /**
     * What the test will need, before any load: k6's own maxVUs and totalDuration (graceful stops included). The
     * request's overrides go into the environment as K6_VUS/K6_DURATION/K6_ITERATIONS: inspect takes no --vus flags.
     */
    static List<String> inspect(String k6) {
        return inspect(k6, WorkFolder.SCRIPT);
    }

    /** @param entry script.js, or archive.tar for a k6 archive (k6 inspect reads archives as k6 run does) */
    static List<String> inspect(String k6, String entry) {
        return List.of(k6, "inspect", "--execution-requirements", SYSTEM_ENV, entry);
    }
}
