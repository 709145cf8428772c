package dev.k6runner.runner.execution;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.tracing.Tracer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import dev.k6runner.model.RunStatus;
import dev.k6runner.platform.logging.RunMdc;
import dev.k6runner.runner.RunnerMetrics;
import dev.k6runner.runner.RunnerProperties;
import dev.k6runner.runner.bundle.RunBundles;
import dev.k6runner.runner.claim.ClaimedRun;
import dev.k6runner.runner.publish.ResultArchive;
import dev.k6runner.runner.publish.ResultPublisher;
import dev.k6runner.model.RunFinished;
import dev.k6runner.runner.quarantine.Quarantine;
import dev.k6runner.runner.sandbox.Confinement;
import dev.k6runner.runner.segments.SegmentResults;

/**
 * Runs each claimed run on a slot thread: k6 (or the reason it cannot run), then the result stored, published
 * and kept on disk. The slot is given back only after that, so a runner never holds more runs than slots.
 * A run whose k6 this host could not start (its own fault) goes back to the queue instead ({@link Quarantine}).
 */
@Component
public final class RunExecutor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunExecutor.class);

    private final RunnerProperties properties;
    private final K6Installation k6;
    private final Confinement confinement;
    private final RunningRuns runs;
    private final Slots slots;
    private final ResultPublisher publisher;
    private final SegmentResults segments;
    private final ResultArchive archive;
    private final RunnerMetrics metrics;
    private final K6Execution execution;
    private final SlotTrace trace;
    private final ExecutorService slotThreads;
    private final Quarantine quarantine;

    /** This host could not prepare or start k6 for the run: its own fault, not the script's. */
    private static final class HostFault extends Exception {
        private static final long serialVersionUID = 1L;

        HostFault(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    public RunExecutor(RunnerProperties properties, K6Installation k6, Confinement confinement, ProcessLauncher launcher,
                       RunningRuns runs, Slots slots, ResultPublisher publisher, ResultArchive archive, RunnerMetrics metrics,
                       Optional<Tracer> tracer, RunBundles bundles, Quarantine quarantine, SegmentResults segments) {
        this.segments = segments;
        this.properties = properties;
        this.k6 = k6;
        this.confinement = confinement;
        this.runs = runs;
        this.slots = slots;
        this.publisher = publisher;
        this.archive = archive;
        this.metrics = metrics;
        this.execution = new K6Execution(properties, k6, confinement, launcher, metrics, bundles);
        this.trace = new SlotTrace(tracer.orElse(Tracer.NOOP));
        this.quarantine = quarantine;
        metrics.slots(slots::capacity, runs::size);
        this.slotThreads = Executors.newFixedThreadPool(slots.capacity(), Thread.ofPlatform().name("k6-slot-", 1).factory());
    }

    /** Takes over a run whose claim committed, on the slot the caller holds; the caller's span goes on there. */
    public void submit(ClaimedRun claim) {
        RunningRun run = runs.add(claim);
        try {
            slotThreads.execute(trace.carry(run.runId(), () -> execute(run)));
        } catch (RuntimeException e) {
            runs.remove(run); // never reached its slot: the caller gives the run back
            throw e;
        }
    }

    private void execute(RunningRun run) {
        try (var _ = RunMdc.open(run.runId())) {
            RunFinished result;
            try {
                result = produce(run);
            } catch (HostFault fault) {
                result = giveBack(run, fault);
                if (result == null) {
                    return;
                }
            }
            run.k6Ended();
            metrics.k6Exited(result.k6ExitCode(), result.outcome(), Duration.between(result.startedAt(), result.finishedAt()));
            if (run.claim().segment() != null) {
                result = result.asSegment(run.claim().segment()); // its outbox copy is the segment's
            }
            boolean accepted = result.segment() == null ? publisher.publish(result)
                    : segments.publish(result, run.k6StartedAt());
            archive.write(result, accepted);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("interrupted before the result was published; the lease will expire and the run become interrupted");
        } catch (RuntimeException e) {
            log.error("run handling failed; the lease will expire and the run become interrupted", e);
        } finally {
            runs.remove(run);
            slots.releaseAfterRun();
        }
    }

    /** @return null when the run is back in the queue; else the failed result to publish, as before quarantine existed */
    private RunFinished giveBack(RunningRun run, HostFault fault) {
        log.error("k6 could not be started on this host: {}", fault.getMessage(), fault.getCause());
        try {
            if (quarantine.notStarted(run.claim(), fault.getMessage())) {
                log.warn("the run never started: it is back in the queue");
                return null;
            }
        } catch (RuntimeException e) {
            log.error("the run could not be given back to the queue ({}); it ends failed", e.toString());
        }
        return ended(run, run.stopReason().map(Outcome::stoppedBeforeK6)
                .orElseGet(() -> Outcome.failed(fault.getMessage())), Instant.now());
    }

    private RunFinished produce(RunningRun run) throws InterruptedException, HostFault {
        Instant started = Instant.now();
        if (!k6.available()) {
            return ended(run, Outcome.failed(k6.missingReason()), started);
        }
        if (!confinement.allowsRuns()) {
            return ended(run, Outcome.failed(confinement.refusal()), started);
        }
        if (run.stopReason().isPresent()) {
            return ended(run, Outcome.stoppedBeforeK6(run.stopReason().get()), started);
        }
        try {
            RunFinished result = execution.run(run, properties.id());
            if (result.k6ExitCode() != null) {
                quarantine.k6Started();
            }
            return result;
        } catch (IOException e) {
            if (run.k6StartedAt() == null) {
                throw new HostFault("k6 could not be started: " + e.getMessage(), e);
            }
            log.error("k6 run failed on this host after it started", e);
            return ended(run, Outcome.failed("k6 could not be started: " + e.getMessage()), started);
        }
    }

    private RunFinished ended(RunningRun run, Outcome outcome, Instant started) {
        log.warn("run ends without k6: {}", outcome.reason());
        RunStatus status = outcome.status();
        return new RunFinished(run.runId(), run.attemptId(), properties.id(), status, outcome.reason(), null, null,
                outcome.reason() + "\n", null, started, Instant.now());
    }

    /** Waits for the slot threads to finish their runs (each run is bounded by its own stop logic). */
    public boolean awaitIdle(Duration wait) throws InterruptedException {
        slotThreads.shutdown();
        return slotThreads.awaitTermination(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        slotThreads.shutdownNow();
        execution.close();
    }
}
