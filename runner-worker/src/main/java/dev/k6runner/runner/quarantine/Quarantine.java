package dev.k6runner.runner.quarantine;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.k6runner.runner.RunnerProperties;
import dev.k6runner.runner.claim.ClaimedRun;
import dev.k6runner.runner.claim.RunClaimer;

/**
 * A runner whose host keeps failing to start k6 takes no runs, instead of failing the whole queue one run at a
 * time. Each run this host could not start k6 for (its own fault: work folder, disk, fifo, k6 binary; never a
 * script's error, which comes from a started k6) goes back to the queue; after {@code after-failures} such runs in a
 * row the runner is quarantined: the intake claims nothing, the heartbeat says {@code accepts_runs = false} and why,
 * health says OUT_OF_SERVICE. A probe of the host every {@code probe-interval} releases it on its first success; an
 * operator releases it with {@code POST /actuator/quarantine}. The quarantine is kept on the host's disk
 * ({@link QuarantineFile}): a runner restarted on the same host starts quarantined and probes the host at once.
 */
@Component
public final class Quarantine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Quarantine.class);

    /** Since when and why this runner is quarantined. */
    public record State(Instant since, String reason) {
    }

    private final RunClaimer claimer;
    private final QuarantineProperties properties;
    private final HostProbe probe;
    private final QuarantineFile file;
    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("quarantine-probe").daemon(true).factory());
    private int consecutiveFaults;
    private volatile State state;
    private ScheduledFuture<?> probing;

    public Quarantine(RunClaimer claimer, QuarantineProperties properties, RunnerProperties runner, MeterRegistry registry) {
        this.claimer = claimer;
        this.properties = properties;
        this.probe = new HostProbe(runner.k6Binary(), runner.workDir());
        this.file = new QuarantineFile(runner.resultsDir());
        file.read().ifPresent(this::restore);
        Gauge.builder("k6runner.runner.quarantined", () -> active() ? 1 : 0)
                .description("1 while this runner is quarantined (its host cannot start k6), else 0").register(registry);
    }

    /**
     * A run whose k6 this host could not start: counted, and given back to the queue, since it never started.
     *
     * @return whether it is back in the queue (false: no longer this attempt's, or its cancel was asked)
     */
    public boolean notStarted(ClaimedRun run, String reason) {
        hostFault(reason);
        return claimer.returnUnstarted(run.runId(), run.attemptId());
    }

    /** k6 started on this host (whatever the script then did): the count of host faults starts over. */
    public synchronized void k6Started() {
        consecutiveFaults = 0;
    }

    public boolean active() {
        return state != null;
    }

    public Optional<State> state() {
        return Optional.ofNullable(state);
    }

    /** @return false when it was not quarantined */
    public synchronized boolean release(String by) {
        if (state == null) {
            return false;
        }
        log.warn("quarantine released by {}; this runner takes runs again (it was quarantined since {}: {})", by, state.since(),
                state.reason());
        state = null;
        consecutiveFaults = 0;
        probing.cancel(false);
        file.remove();
        notifyAll();
        return true;
    }

    /** Waits up to {@code wait} for the release; returns at once when not quarantined. */
    public synchronized void awaitRelease(Duration wait) throws InterruptedException {
        if (state != null) {
            wait(Math.max(1, wait.toMillis()));
        }
    }

    synchronized void hostFault(String reason) {
        consecutiveFaults++;
        if (state != null || consecutiveFaults < properties.afterFailures()) {
            return;
        }
        state = new State(Instant.now(), consecutiveFaults + " runs in a row could not start k6 on this host; last: " + reason);
        file.write(state);
        log.error("runner quarantined: {}; it takes no runs until a probe of the host succeeds (every {}) or an operator "
                + "releases it (POST /actuator/quarantine)", state.reason(), properties.probeInterval());
        startProbing(properties.probeInterval());
    }

    /** A quarantine an earlier start of this runner stored: kept, and the host probed at once (it may be repaired). */
    private synchronized void restore(State stored) {
        state = stored;
        log.error("runner starts quarantined, as it was before its restart (since {}: {}); it takes no runs until a probe of "
                + "the host succeeds or an operator releases it", stored.since(), stored.reason());
        startProbing(Duration.ZERO);
    }

    private void startProbing(Duration first) {
        long every = properties.probeInterval().toMillis();
        probing = prober.scheduleWithFixedDelay(this::probe, first.toMillis(), every, TimeUnit.MILLISECONDS);
    }

    private void probe() {
        Optional<String> failure = probe.failure();
        if (failure.isPresent()) {
            log.warn("quarantine probe failed; still quarantined: {}", failure.get());
        } else {
            release("the probe (k6 version ran, the work folder is writable, a fifo was made)");
        }
    }

    @Override
    public void close() {
        prober.shutdownNow();
    }
}
