package dev.k6runner.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.k6runner.bench.bundles.BundleFigures;
import dev.k6runner.bench.client.GatewayClient;
import dev.k6runner.bench.confinement.ConfinementCost;
import dev.k6runner.bench.fairness.FairnessSimulation;
import dev.k6runner.bench.generator.GeneratorCost;
import dev.k6runner.bench.intake.IntakeAndPolling;
import dev.k6runner.bench.intake.IntakeWrk;
import dev.k6runner.bench.memory.MemoryWatch;
import dev.k6runner.bench.overhead.OrchestrationOverhead;
import dev.k6runner.bench.process.Stack;
import dev.k6runner.bench.process.StandinWrapper;
import dev.k6runner.bench.queries.QueryLatency;
import dev.k6runner.bench.report.Machine;
import dev.k6runner.bench.report.Report;
import dev.k6runner.bench.wrk.Wrk;
import dev.k6runner.testsupport.process.ServiceProcess;

/**
 * scripts/benchmark.sh: every figure of the project, each against a baseline measured in the same run. The
 * JMH parts run first, on a quiet machine; then the whole local mode starts as processes for intake, polling,
 * orchestration overhead and queries, with memory sampled throughout.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.parse(args);
        Files.createDirectories(settings.dataDirectory());
        Report report = new Report(Machine.describe() + (settings.quick() ? "; QUICK mode" : ""));
        long began = System.nanoTime();
        if (settings.runs("stream")) {
            JmhFigures.stream(report, settings);
        }
        if (settings.runs("analysis")) {
            JmhFigures.analysis(report, settings);
        }
        if (settings.runs("confinement")) {
            confinement(report, settings);
        }
        if (settings.runs("generator")) {
            generator(report, settings);
        }
        if (settings.runs("services")) {
            services(report, settings);
        }
        if (settings.runs("fairness")) {
            FairnessSimulation.addTo(report, 20);
        }
        if (settings.runs("intake-wrk")) {
            intakeWrk(report, settings);
        }
        if (settings.runs("bundles")) {
            bundles(report, settings);
        }
        report.add("run", "whole benchmark wall time", (System.nanoTime() - began) / 1_000_000_000L + " s", "-", "-",
                settings.quick() ? "quick mode" : "full mode");
        Path markdown = settings.dataDirectory().resolve("benchmark-report.md");
        report.write(markdown);
        System.out.println("== report written to " + markdown);
        System.out.println(report.markdown());
        System.exit(0);
    }

    /** Confinement against plain k6, only with a real k6: the stand-in sends no request and starts a JVM. */
    private static void confinement(Report report, BenchSettings settings) throws Exception {
        K6Choice k6 = K6Choice.find(settings.dataDirectory().resolve("bin"));
        if (!k6.real()) {
            report.add("confinement", "start and request rate", "not measured", "-", "-",
                    "needs a real k6 (PATH or K6_BINARY): the stand-in replays recordings and sends no request");
            return;
        }
        new ConfinementCost(k6.path(), settings.dataDirectory().resolve("confinement"), settings.quick() ? 10 : 30,
                settings.quick() ? 5 : 10).measure(report, List.of());
    }

    /** Issue 18's generator ratio, only with a real k6 and nginx: the stand-in sends no request. */
    private static void generator(Report report, BenchSettings settings) throws Exception {
        K6Choice k6 = K6Choice.find(settings.dataDirectory().resolve("bin"));
        String missing = !k6.real() ? "a real k6 (PATH or K6_BINARY; the stand-in replays recordings and sends no request)"
                : !onPath("nginx") ? "nginx (apt-get install nginx): the local target" : null;
        if (missing != null) {
            System.out.println("generator: skipped, needs " + missing);
            report.add("generator", "runner's k6 against plain k6", "not measured", "-", "-", "needs " + missing);
            return;
        }
        new GeneratorCost(k6.path(), settings.dataDirectory().resolve("generator"), settings.quick() ? 3 : 5,
                settings.quick() ? 6 : 8).measure(report);
    }

    private static boolean onPath(String command) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(directory -> Files.isExecutable(Path.of(directory.isEmpty() ? "." : directory, command)));
    }

    /**
     * Issue 16's intake targets with wrk: a local mode without runners (every accepted run stays queued), from
     * the first submission on a fresh database, again once warm, and at 1M stored runs (100k in quick mode),
     * never with a manual ANALYZE.
     */
    private static void intakeWrk(Report report, BenchSettings settings) throws Exception {
        try (Stack stack = new Stack(settings.dataDirectory().resolve("intake-wrk"))
                .gatewayEnvironment(Map.of("K6RUNNER_GATEWAY_RELAY_MAINTENANCE_INTERVAL", "1s"))) {
            stack.startInfrastructure();
            ServiceProcess gateway = stack.startGateway();
            Stack.awaitReady(List.of(gateway));
            stack.liftQuota();
            IntakeWrk intake = new IntakeWrk(stack, "http://127.0.0.1:" + gateway.port(),
                    new Wrk(settings.dataDirectory().resolve("wrk")), settings.concurrency(), settings.loadDuration(), settings.queueCap());
            intake.measure(report, "fresh database, first submissions (cold JVM)");
            intake.warmUp(report, settings.warmUp());
            intake.measure(report, "fresh database, second pass (warm JVM)");
            long stored = settings.quick() ? 100_000 : 1_000_000;
            intake.measureAt(report, stored, "%,d runs stored".formatted(stored));
            if (!settings.quick()) {
                intake.measure(report, "%,d runs stored, second pass".formatted(stored));
            }
        }
    }

    /** Issue 17's bundle figures: a local mode without runners; the runner's part is timed in this JVM. */
    private static void bundles(Report report, BenchSettings settings) throws Exception {
        try (Stack stack = new Stack(settings.dataDirectory().resolve("bundles"))) {
            stack.startInfrastructure();
            ServiceProcess gateway = stack.startGateway();
            Stack.awaitReady(List.of(gateway));
            stack.liftQuota();
            new BundleFigures(stack, new Wrk(settings.dataDirectory().resolve("wrk")), "http://127.0.0.1:" + gateway.port(),
                    settings.concurrency(), settings.loadDuration())
                    .measure(report, settings.dataDirectory().resolve("bundles-work"));
        }
    }

    private static void services(Report report, BenchSettings settings) throws Exception {
        K6Choice k6 = K6Choice.find(settings.dataDirectory().resolve("bin"));
        Map<String, String> runnerEnv = new HashMap<>(Map.of("K6_BINARY", k6.path().toString(),
                "K6RUNNER_RUNNER_SLOTS", "2",
                "K6RUNNER_RUNNER_CONFINEMENT_REQUIRED", "false",
                "K6RUNNER_RUNNER_CONFINEMENT_READ_ONLY_PATHS", String.join(",",
                        StandinWrapper.readOnlyPaths().stream().map(Path::toString).toList())));
        try (Stack stack = new Stack(settings.dataDirectory().resolve("stack"))
                .gatewayEnvironment(Map.of("K6RUNNER_GATEWAY_RELAY_MAINTENANCE_INTERVAL", "1s"))
                .runnerEnvironment(runnerEnv);
             MemoryWatch memory = new MemoryWatch()) {
            stack.startInfrastructure();
            memory.watch(stack.postgres());
            memory.watch(stack.kafka());
            ServiceProcess gateway = stack.startGateway();
            ServiceProcess analyzer = stack.startAnalyzer();
            Stack.awaitReady(java.util.List.of(gateway, analyzer));
            memory.watch(gateway);
            memory.watch(analyzer);
            stack.liftQuota();
            GatewayClient client = new GatewayClient("http://127.0.0.1:" + gateway.port());

            new IntakeAndPolling(stack, client, settings.concurrency(), settings.loadDuration()).measure(report);

            ServiceProcess runner = stack.startRunner("runner-1").awaitReady(Duration.ofSeconds(420));
            memory.watch(runner);
            new OrchestrationOverhead(client, k6.path(), k6.description(), settings.dataDirectory().resolve("direct"))
                    .measure(report, settings.quick() ? 2 : 3, settings.quick() ? 5 : 12);

            QueryLatency queries = new QueryLatency(stack, client);
            int requests = settings.quick() ? 40 : 100;
            queries.measureAt(report, 100_000, requests);
            if (!settings.quick()) {
                queries.measureAt(report, 1_000_000, requests);
            } else {
                report.note("queries at 1 million runs skipped in quick mode");
            }
            MemoryFigures.add(report, memory);
        }
    }
}
