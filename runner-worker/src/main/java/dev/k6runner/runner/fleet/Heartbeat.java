package dev.k6runner.runner.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import dev.k6runner.platform.kafka.EventCodec;
import dev.k6runner.platform.logging.RunMdc;
import dev.k6runner.runner.RunnerMetrics;
import dev.k6runner.runner.RunnerProperties;
import dev.k6runner.runner.execution.RunningRun;
import dev.k6runner.runner.execution.RunningRuns;
import dev.k6runner.runner.execution.StopReason;
import dev.k6runner.runner.loops.Loops;
import dev.k6runner.runner.quarantine.Quarantine;

/**
 * Every few seconds: the runner's own heartbeat and busy slots, then for each held run its lease extended, its
 * live progress stored and its cancel flag read (a cancel whose control message was lost still arrives). A run
 * whose lease this runner no longer holds (the reaper interrupted it) is stopped: its result would be refused.
 * Its statements time out ({@link BoundedStatements}), and a {@link LeaseWatchdog} that needs no database stops
 * the k6 of a run whose lease it could not renew before that lease expires (self-fencing). A {@link HeartbeatWatch}
 * makes health DOWN while rounds hang or fail ({@link HeartbeatHealthIndicator}).
 */
@Component
final class Heartbeat implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final RunnerRegistry registry;
    private final RunnerDescription description;
    private final RunningRuns runs;
    private final EventCodec codec;
    private final LeaseWatchdog watchdog;
    private final Loops loops;
    private final Quarantine quarantine;
    private final HeartbeatWatch watch;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("runner-heartbeat").daemon(true).factory());
    private volatile boolean acceptingRuns;

    /** The heartbeat of this runner: its statements bounded in time, its leases watched without the database. */
    public Heartbeat(DataSource dataSource, RunnerProperties properties, RunnerDescription description,
                     RunningRuns runs, EventCodec codec, RunnerMetrics metrics, Loops loops, Quarantine quarantine) {
        Duration statementTimeout = BoundedStatements.statementTimeout(properties.heartbeatInterval());
        this.registry = new RunnerRegistry(BoundedStatements.over(dataSource, statementTimeout), properties.id(),
                properties.leaseDuration());
        this.watchdog = new LeaseWatchdog(runs, properties.heartbeatInterval(), properties.leaseDuration(),
                metrics::selfFenced, System::nanoTime);
        this.watch = new HeartbeatWatch(HeartbeatWatch.staleAfter(properties.heartbeatInterval()), System::nanoTime);
        this.description = description;
        this.runs = runs;
        this.codec = codec;
        this.acceptingRuns = description.acceptsRuns();
        this.loops = loops;
        this.quarantine = quarantine;
    }

    public void start(Duration interval) {
        watchdog.start();
        registry.register(description, runs.size());
        watch.started();
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

    /** The heartbeat's watchdog, for health. */
    HeartbeatWatch watch() {
        return watch;
    }

    void beat() {
        watch.roundStarted();
        try {
            // accepts runs only while its intake loop runs and it is not quarantined (which the row also says, and why)
            boolean accepts = acceptingRuns && loops.running(Loops.INTAKE) && !quarantine.active();
            if (!registry.beat(runs.size(), accepts, quarantine.state().orElse(null))) {
                registry.register(description, runs.size());
            }
            watch.succeeded();
        } catch (RuntimeException e) {
            watch.failed(e.getMessage());
            log.warn("heartbeat failed: {}", e.getMessage());
        }
        try {
            Instant now = Instant.now();
            runs.all().forEach(run -> extend(run, now));
        } finally {
            watch.roundEnded();
        }
    }

    /** One run's lease: its own statement, so a run the database does not answer for delays no other's. */
    private void extend(RunningRun run, Instant now) {
        try (var _ = RunMdc.open(run.runId())) {
            try {
                renew(run, now);
            } catch (RuntimeException e) {
                log.warn("the run's lease was not renewed: {}", e.getMessage());
            }
        }
    }

    private void renew(RunningRun run, Instant now) {
        String progress = run.progress(now).map(codec::encode).orElse(null);
        long sentAt = System.nanoTime();
        RunnerRegistry.Lease lease = registry.extend(run, progress);
        if (!lease.held()) {
            if (run.requestStop(StopReason.LEASE_LOST)) {
                log.warn("this runner no longer holds the run (lease expired, run interrupted): stopping k6");
            }
            return;
        }
        watchdog.renewed(run, sentAt);
        if (lease.cancelRequested()) {
            run.requestStop(StopReason.CANCEL);
        }
    }

    @Override
    public void close() {
        if (scheduler.isShutdown()) {
            return; // closed already: by the lifecycle's stop, and again by Spring when the context closes
        }
        watchdog.close();
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
            registry.beat(0, false, quarantine.state().orElse(null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("last heartbeat failed: {}", e.getMessage());
        }
    }
}
