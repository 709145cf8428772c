package dev.k6runner.runner.execution;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.k6runner.model.RunDigest;
import dev.k6runner.model.RunSpec;
import dev.k6runner.platform.logging.RunMdc;
import dev.k6runner.runner.RunnerMetrics;
import dev.k6runner.runner.RunnerProperties;
import dev.k6runner.model.RunFinished;
import dev.k6runner.runner.sandbox.Confinement;
import dev.k6runner.runner.stream.FoldLimits;
import dev.k6runner.runner.stream.MetricStreamFolder;

/**
 * One {@code k6 run} in its private folder: the stream folded from the named pipe as k6 writes it, the console
 * tail captured, CPU and memory sampled, the time limit enforced; then the outcome from k6's exit.
 */
final class K6Execution implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(K6Execution.class);

    private final RunnerProperties properties;
    private final K6Installation k6;
    private final Confinement confinement;
    private final ProcessLauncher launcher;
    private final RunnerMetrics metrics;
    private final K6Supervisor supervisor;
    private final ScheduledExecutorService sampling = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("k6-load-sampler").daemon(true).factory());
    private final double saturationPercent;

    K6Execution(RunnerProperties properties, K6Installation k6, Confinement confinement, ProcessLauncher launcher, RunnerMetrics metrics) {
        this.properties = properties;
        this.k6 = k6;
        this.confinement = confinement;
        this.launcher = launcher;
        this.metrics = metrics;
        this.supervisor = new K6Supervisor(properties.stopGracePeriod());
        double coresPerSlot = Math.max(1.0, (double) Runtime.getRuntime().availableProcessors() / properties.slots());
        this.saturationPercent = properties.saturation().cpuPercentOfShare() * coresPerSlot;
    }

    RunFinished run(RunningRun run, String runnerId) throws IOException, InterruptedException {
        RunSpec spec = run.claim().spec();
        Instant started = Instant.now();
        MetricStreamFolder fold = new MetricStreamFolder(FoldLimits.defaults());
        ConsoleTail console = new ConsoleTail(properties.consoleCapBytes());
        RunnerProperties.Saturation saturation = properties.saturation();
        LoadSampler sampler = new LoadSampler(saturationPercent, saturation.sustainedShare(), saturation.minSamples());
        try (WorkFolder folder = WorkFolder.create(properties.workDir(), run.runId(), spec.script())) {
            AtomicBoolean folded = new AtomicBoolean();
            Thread foldThread;
            K6Supervisor.Ending ending;
            try (RandomAccessFile _ = folder.holdFifo()) {
                foldThread = startFold(run, fold, folder.fifo().toFile(), folded);
                ending = runK6(run, spec, folder, fold, console, sampler);
            }
            // the holder is closed: the fold reads what k6 left in the pipe, then sees the end
            foldThread.join(Duration.ofSeconds(30));
            String summary = folder.readSummary();
            Outcome outcome = Outcome.of(ending.exitCode(), run.stopReason(), ending.killed(), console.lastError(), summary);
            metrics.streamPoints(fold.pointsRead());
            RunDigest digest = folded.get() ? fold.digest(sampler.health()) : null;
            return new RunFinished(run.runId(), run.attemptId(), runnerId, outcome.status(), outcome.reason(), ending.exitCode(),
                    summary, console.text(), digest, started, Instant.now());
        }
    }

    private K6Supervisor.Ending runK6(RunningRun run, RunSpec spec, WorkFolder folder, MetricStreamFolder fold,
                                      ConsoleTail console, LoadSampler sampler) throws IOException, InterruptedException {
        Map<String, String> environment = K6Command.environment(folder);
        List<String> command = confinement.wrap(
                K6Command.run(k6.path(), spec, folder, properties.allBlockedAddresses()), folder.path(), environment, run.slot());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(folder.path().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        // every confinement takes the environment from the process, never from its command line
        builder.environment().putAll(environment);
        K6Process process = new K6Process(launcher.start(builder), confinement.wrapsInChildProcess(), command.getFirst());
        Instant k6Started = Instant.now();
        run.k6Started(fold, k6Started);
        metrics.runStarted(run.claim().teamId(), Duration.between(run.claim().submittedAt(), k6Started));
        log.info("k6 started ({}), time limit {}", confinement.describe(), limit(spec));
        Thread stdout = console.pump(process.process().getInputStream(), "k6-stdout");
        Thread stderr = console.pump(process.process().getErrorStream(), "k6-stderr");
        ScheduledFuture<?> samples = sampling.scheduleAtFixedRate(
                () -> sampler.sample(process.tree(), System.nanoTime()), 0, 1, TimeUnit.SECONDS);
        try {
            return supervisor.superviseUntilExit(process, run, limit(spec));
        } finally {
            samples.cancel(false);
            stdout.join(Duration.ofSeconds(10));
            stderr.join(Duration.ofSeconds(10));
        }
    }

    private Duration limit(RunSpec spec) {
        return spec.timeoutSeconds() > 0 ? Duration.ofSeconds(spec.timeoutSeconds()) : properties.defaultTimeoutDuration();
    }

    private static Thread startFold(RunningRun run, MetricStreamFolder fold, File fifo, AtomicBoolean folded) {
        return Thread.ofPlatform().name("k6-fold-" + run.runId().toString().substring(0, 8)).start(() -> {
            try (var _ = RunMdc.open(run.runId()); InputStream in = new FileInputStream(fifo)) {
                try {
                    fold.consume(in);
                    folded.set(true);
                } catch (IOException | RuntimeException e) {
                    log.warn("folding k6's --out json stream failed; draining it so k6 is never blocked: {}", e.toString());
                    in.transferTo(OutputStream.nullOutputStream());
                }
            } catch (IOException e) {
                log.warn("k6's --out json pipe could not be read: {}", e.toString());
            }
        });
    }

    @Override
    public void close() {
        sampling.shutdownNow();
    }
}
