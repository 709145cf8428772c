package dev.k6runner.bench.confinement;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.k6runner.bench.report.Report;
import dev.k6runner.bench.stats.Percentiles;
import dev.k6runner.runner.RunnerProperties;
import dev.k6runner.runner.sandbox.Confinement;
import dev.k6runner.runner.sandbox.ConfinementProbe;

/**
 * What confinement costs k6, each figure beside plain {@code k6} measured in the same run, rounds interleaved so
 * that the machine's drift falls on both sides alike:
 * <ul>
 * <li>the start: a trivial script's {@code k6 run}, plain, against {@code k6 inspect --execution-requirements}
 * then {@code k6 run}, both inside each mechanism this host offers (what the runner does before any load);</li>
 * <li>the request rate: the same {@code k6 run} of 20 VUs against a local nginx, plain and confined.</li>
 * </ul>
 * The runner's own sandbox classes build the command lines, so the benchmark measures what the runner runs.
 */
public final class ConfinementCost {

    /** Away from a runner's default (20000), whose clean-up would kill the benchmark's k6 on a shared host. */
    private static final int BENCH_UID_BASE = 29_000;

    private final Path k6;
    private final Path folder;
    private final int rounds;
    private final int loadSeconds;

    public ConfinementCost(Path k6, Path folder, int rounds, int loadSeconds) {
        this.k6 = k6;
        this.folder = folder;
        this.rounds = rounds;
        this.loadSeconds = loadSeconds;
    }

    public void measure(Report report, List<Path> readOnlyPaths) throws Exception {
        Files.createDirectories(folder);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx--x--x"));
        for (String mechanism : List.of("bubblewrap", "separate-user")) {
            Confinement confinement = ConfinementProbe.probe(properties(mechanism, readOnlyPaths));
            if (!confinement.allowsRuns()) {
                report.add("confinement", mechanism, "not available here", "-", "-", confinement.describe());
                continue;
            }
            startCost(report, mechanism, confinement);
            try (Nginx nginx = Nginx.start(folder.resolve("nginx-" + mechanism))) {
                requestRate(report, mechanism, confinement, nginx.port());
            }
        }
    }

    private void startCost(Report report, String mechanism, Confinement confinement) throws Exception {
        K6Invocations k6Runs = new K6Invocations(k6, folder.resolve("start-" + mechanism), confinement);
        List<Double> plain = new ArrayList<>();
        List<Double> firstRun = new ArrayList<>();
        List<Double> repeated = new ArrayList<>();
        k6Runs.plainStart();
        k6Runs.confinedStart(true);
        for (int round = 0; round < rounds; round++) {
            plain.add(k6Runs.plainStart());
            firstRun.add(k6Runs.confinedStart(true));
            repeated.add(k6Runs.confinedStart(false));
        }
        Percentiles plainMs = Percentiles.of(plain);
        startFigure(report, mechanism + " + inspect (a script's first run)", plainMs, Percentiles.of(firstRun));
        startFigure(report, mechanism + ", inspect answered from cache (the same test again)", plainMs, Percentiles.of(repeated));
        report.note("confinement " + mechanism + ": " + confinement.describe());
    }

    private void startFigure(Report report, String what, Percentiles plainMs, Percentiles confinedMs) {
        report.add("confinement", "start added by " + what,
                String.format("median %+.0f ms (%.0f → %.0f), p95 %+.0f ms (%.0f → %.0f)", confinedMs.median() - plainMs.median(),
                        plainMs.median(), confinedMs.median(), confinedMs.at(95) - plainMs.at(95), plainMs.at(95), confinedMs.at(95)),
                "plain k6 run", "< 150 ms", rounds + " interleaved rounds of a trivial script");
    }

    private void requestRate(Report report, String mechanism, Confinement confinement, int port) throws Exception {
        K6Invocations k6Runs = new K6Invocations(k6, folder.resolve("rate-" + mechanism), confinement);
        List<Double> ratios = new ArrayList<>();
        double plainSum = 0;
        double confinedSum = 0;
        for (int round = 0; round < Math.max(2, rounds / 5); round++) {
            double plain = k6Runs.requestRate(false, port, loadSeconds);
            double confined = k6Runs.requestRate(true, port, loadSeconds);
            plainSum += plain;
            confinedSum += confined;
            ratios.add(confined / plain);
            System.out.printf("confinement: %s round %d: plain %.0f req/s, confined %.0f req/s%n", mechanism, round, plain, confined);
        }
        report.add("confinement", "request rate confined by " + mechanism,
                String.format("%.3f× (%.0f vs %.0f req/s; rounds %.3f–%.3f)", confinedSum / plainSum, confinedSum / ratios.size(),
                        plainSum / ratios.size(), ratios.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                        ratios.stream().mapToDouble(Double::doubleValue).max().orElse(0)),
                "plain k6 run", "≥ 0.97×", "20 VUs for " + loadSeconds + " s against nginx on loopback, rounds interleaved");
    }

    private RunnerProperties properties(String mechanism, List<Path> readOnlyPaths) {
        List<Path> paths = new ArrayList<>(readOnlyPaths);
        paths.add(k6.toAbsolutePath().getParent());
        return new RunnerProperties("bench", 1, k6.toString(), folder.resolve("results"), folder.resolve("work"), null,
                null, null, null, null, null, null,
                new RunnerProperties.Confinement(true, null, paths, List.of(), mechanism, BENCH_UID_BASE),
                null, null, null, new RunnerProperties.Egress("local", List.of(), List.of()));
    }

    /** The environment k6 gets: what the runner gives every run. */
    static Map<String, String> environment(Path home) {
        return Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", home.toString(), "TMPDIR", home.toString());
    }

    static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}
