package dev.k6runner.runner.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.k6runner.platform.kafka.EventCodec;
import dev.k6runner.platform.logging.RunMdc;
import dev.k6runner.runner.execution.RunningRun;
import dev.k6runner.runner.execution.RunningRuns;
import dev.k6runner.runner.execution.StopReason;

/**
 * Every few seconds: the runner's own heartbeat and busy slots, then for each held run its lease extended, its
 * live progress stored and its cancel flag read (a cancel whose control message was lost still arrives). A run
 * whose lease this runner no longer holds (the reaper interrupted it) is stopped: its result would be refused.
 */
public final class Heartbeat implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final RunnerRegistry registry;
    private final RunnerDescription description;
    private final RunningRuns runs;
    private final EventCodec codec;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("runner-heartbeat").daemon(true).factory());
    private volatile boolean acceptingRuns;

    public Heartbeat(RunnerRegistry registry, RunnerDescription description, RunningRuns runs, EventCodec codec) {
        this.registry = registry;
        this.description = description;
        this.runs = runs;
        this.codec = codec;
        this.acceptingRuns = description.acceptsRuns();
    }

    public void start(Duration interval) {
        registry.register(description, runs.size());
        log.info("runner {} registered: k6 {} ({}), confinement {}, {} slot(s), accepts runs: {}", description.id(),
                description.k6Version(), description.k6Available() ? description.k6Binary() : "missing",
                description.confinement(), description.capacity(), description.acceptsRuns());
        scheduler.scheduleWithFixedDelay(this::beat, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Shutdown: the registry says this runner takes no more runs. */
    public void stopAccepting() {
        acceptingRuns = false;
        scheduler.execute(this::beat);
    }

    void beat() {
        try {
            if (!registry.beat(runs.size(), acceptingRuns)) {
                registry.register(description, runs.size());
            }
            Instant now = Instant.now();
            runs.all().forEach(run -> extend(run, now));
        } catch (RuntimeException e) {
            log.warn("heartbeat failed: {}", e.getMessage());
        }
    }

    private void extend(RunningRun run, Instant now) {
        try (var _ = RunMdc.open(run.runId())) {
            String progress = run.progress(now).map(codec::encode).orElse(null);
            RunnerRegistry.Lease lease = registry.extend(run, progress);
            if (!lease.held()) {
                if (run.requestStop(StopReason.LEASE_LOST)) {
                    log.warn("this runner no longer holds the run (lease expired, run interrupted): stopping k6");
                }
            } else if (lease.cancelRequested()) {
                run.requestStop(StopReason.CANCEL);
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
            registry.beat(0, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("last heartbeat failed: {}", e.getMessage());
        }
    }
}
