package dev.k6runner.runner.execution;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.k6runner.model.LiveThresholds;
import dev.k6runner.model.RunDigest;
import dev.k6runner.model.RunFinished;
import dev.k6runner.model.RunSpec;
import dev.k6runner.runner.RunnerMetrics;
import dev.k6runner.runner.RunnerProperties;
import dev.k6runner.runner.egress.EgressPolicy;
import dev.k6runner.runner.sandbox.Confinement;
import dev.k6runner.runner.stream.FoldLimits;
import dev.k6runner.runner.bundle.RunBundles;
import dev.k6runner.runner.stream.MetricStreamFolder;

/**
 * One run in its private folder: first {@code k6 inspect} checks what the test needs against the limits; then
 * {@code k6 run}, its stream folded from the named pipe as k6 writes it, the console tail captured, CPU and memory
 * sampled, its banner, memory and folder watched, the time limit enforced; then the outcome from k6's exit.
 */
final class K6Execution implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(K6Execution.class);

    private final RunnerProperties properties;
    private final K6Installation k6;
    private final Confinement confinement;
    private final ConfinedStart starter;
    private final RequirementsInspection inspection;
    private final RunnerMetrics metrics;
    private final K6Supervisor supervisor;
    private final ScheduledExecutorService sampling = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("k6-load-sampler").daemon(true).factory());
    private final double saturationPercent;
    private final EgressPolicy egress;
    private final RunBundles bundles;

    K6Execution(RunnerProperties properties, K6Installation k6, Confinement confinement, ProcessLauncher launcher, RunnerMetrics metrics,
                RunBundles bundles) {
        this.bundles = bundles;
        this.properties = properties;
        this.k6 = k6;
        this.confinement = confinement;
        this.starter = new ConfinedStart(confinement, launcher);
        this.metrics = metrics;
        this.supervisor = new K6Supervisor(properties.stopGracePeriod());
        this.inspection = new RequirementsInspection(k6.path(), starter, supervisor);
        // built when the runner starts, so a bad allow-list entry stops it then, not at its first run
        this.egress = EgressPolicy.from(properties);
        double coresPerSlot = Math.max(1.0, (double) Runtime.getRuntime().availableProcessors() / properties.slots());
        this.saturationPercent = properties.saturation().cpuPercentOfShare() * coresPerSlot;
    }

    RunFinished run(RunningRun run, String runnerId) throws IOException, InterruptedException {
        RunSpec spec = run.claim().spec();
        Instant started = Instant.now();
        ConsoleTail console = new ConsoleTail(properties.consoleCapBytes());
        confinement.cleanUp(run.slot());
        // two segments of one test may share this runner: each gets a folder of its own
        String folderName = run.runId() + (run.claim().segment() == null ? "" : "-segment-" + run.claim().segment().index());
        try (WorkFolder folder = WorkFolder.create(properties.workDir(), folderName, spec.script())) {
            try {
                // before prepare: the bundle's files get the slot's ownership with the rest of the folder
                RunBundles.Materialised bundle = bundles.materialise(run.runId(), folder.path());
                folder.useEntry(bundle.entry());
                confinement.prepare(folder.path(), run.slot());
                Map<String, String> environment = RunEnvironment.forRun(folder.path(), spec.env());
                LimitCheck limits = LimitCheck.of(properties.limits(), run.claim().policy());
                RequirementsInspection.Verdict verdict = inspection.inspect(run, folder.path(), bundle, environment, limits, console,
                        limit(spec));
                return switch (verdict) {
                    case RequirementsInspection.Refused refused ->
                            notStarted(run, runnerId, refused.outcome(), refused.exitCode(), console, started);
                    case RequirementsInspection.Fits(ExecutionRequirements needs) ->
                            runK6(run, folder, environment, limits, needs, console, started, runnerId);
                };
            } finally {
                confinement.cleanUp(run.slot());
            }
        }
    }

    /**
     * k6 run is never started: inspect failed, the test needs more than its team or the server allows, or the run was
     * stopped before the launch; {@code exitCode} is inspect's, when it ran and failed.
     */
    private static RunFinished notStarted(RunningRun run, String runnerId, Outcome outcome, Integer exitCode, ConsoleTail console,
                                          Instant started) {
        log.warn("k6 run not started: {}", outcome.reason());
        console.add("[runner: k6 run not started: " + outcome.reason() + "]");
        return new RunFinished(run.runId(), run.attemptId(), runnerId, outcome.status(), outcome.reason(), exitCode,
                null, console.text(), null, started, Instant.now());
    }

    private RunFinished runK6(RunningRun run, WorkFolder folder, Map<String, String> environment, LimitCheck limits,
                              ExecutionRequirements needs, ConsoleTail console, Instant started, String runnerId)
            throws IOException, InterruptedException {
        MetricStreamFolder fold = foldFor(run, needs);
        RunnerProperties.Saturation saturation = properties.saturation();
        LoadSampler sampler = new LoadSampler(saturationPercent, saturation.sustainedShare(), saturation.minSamples());
        FoldThread foldThread;
        K6Supervisor.Ending ending;
        Violation violation;
        StartBarrier.await(run);
        if (run.stopReason().isPresent()) {
            // stopped during inspect or at the barrier (another segment ended, a cancel): k6 is not launched only to
            // be signalled before it could even handle the signal
            return notStarted(run, runnerId, Outcome.stoppedBeforeK6(run.stopReason().get()), null, console, started);
        }
        try (RandomAccessFile _ = folder.holdFifo()) {
            foldThread = FoldThread.start(run.runId(), fold, folder.fifo().toFile());
            K6Process process = starter.start(K6Command.run(k6.path(), run.claim().spec(), folder,
                    egress.blockedCidrs(run.claim().policy()), run.claim().segment(), needs.systemTags()), folder.path(),
                    environment, run.slot());
            violation = new Violation(process);
            ending = superviseK6(run, process, new Watch(folder, fold, console, sampler, violation,
                    new Backstop(limits, needs, violation), started.plus(limit(run.claim().spec()))));
        }
        // the holder is closed: the fold reads what k6 left in the pipe, then sees the end
        boolean folded = foldThread.awaitEnd(Duration.ofSeconds(30));
        SummaryFile summary = summaryOf(folder, console);
        Outcome outcome = violation.reason().map(Outcome::failed).orElseGet(() ->
                Outcome.of(ending.exitCode(), run.stopReason(), ending.killed(), console.lastError(), summary.text()));
        metrics.streamFolded(fold.pointsRead(), foldThread.cpu());
        RunDigest digest = folded ? fold.digest(sampler.health(), sampler.series()) : null;
        return new RunFinished(run.runId(), run.attemptId(), runnerId, outcome.status(), outcome.reason(), ending.exitCode(),
                summary.text(), console.text(), digest, started, Instant.now());
    }

    private static MetricStreamFolder foldFor(RunningRun run, ExecutionRequirements needs) {
        MetricStreamFolder fold = new MetricStreamFolder(FoldLimits.defaults());
        if (run.claim().segment() != null && !needs.abortOnFail().isEmpty()) {
            // each k6 evaluates these on its own segment; the test's are evaluated on the merged data too
            run.evaluatesOnMergedData(needs.abortOnFail());
            fold.watch(needs.abortOnFail().stream().map(LiveThresholds.AbortOnFail::metric).collect(Collectors.toSet()));
        }
        return fold;
    }

    /** k6's summary export; why there is none although k6 wrote one, if so, is logged and added to the console. */
    private static SummaryFile summaryOf(WorkFolder folder, ConsoleTail console) throws IOException {
        SummaryFile summary = SummaryFile.read(folder.summary());
        if (summary.notice() != null) {
            log.warn("{}", summary.notice());
            console.add(summary.notice());
        }
        return summary;
    }

    /** What watches a running k6: its console (with the banner backstop), its load and resources. */
    private record Watch(WorkFolder folder, MetricStreamFolder fold, ConsoleTail console, LoadSampler sampler,
                         Violation violation, Backstop backstop, Instant deadline) {
    }

    private K6Supervisor.Ending superviseK6(RunningRun run, K6Process process, Watch watch) throws InterruptedException {
        Instant k6Started = Instant.now();
        run.k6Started(watch.fold(), k6Started);
        metrics.runStarted(run.claim().teamId(), Duration.between(run.claim().submittedAt(), k6Started));
        // the run's time limit counts from the start of k6 inspect: the check is part of the run
        Duration remaining = Duration.between(k6Started, watch.deadline());
        Duration limit = remaining.isPositive() ? remaining : Duration.ofMillis(1);
        log.info("k6 started ({}), time left of the run's limit {}", starter.describe(), limit);
        Thread stdout = watch.console().pump(process.process().getInputStream(), "k6-stdout", watch.backstop());
        Thread stderr = watch.console().pump(process.process().getErrorStream(), "k6-stderr");
        RunnerProperties.Resources resources = properties.resources();
        ResourceWatchdog watchdog = new ResourceWatchdog(resources.maxMemory(), resources.maxDiskWritten(), watch.folder().path(),
                watch.violation());
        ScheduledFuture<?> samples = sampling.scheduleAtFixedRate(
                () -> watchdog.check(watch.sampler().sample(process.tree())), 0, 1, TimeUnit.SECONDS);
        try {
            return supervisor.superviseUntilExit(process, run, limit);
        } finally {
            samples.cancel(false);
            stdout.join(Duration.ofSeconds(10));
            stderr.join(Duration.ofSeconds(10));
        }
    }

    private Duration limit(RunSpec spec) {
        // Always set: the gateway stores the request's timeout or its default-timeout, at least 1 s either way.
        return Duration.ofSeconds(spec.timeoutSeconds());
    }

    @Override
    public void close() {
        sampling.shutdownNow();
    }
}
