package dev.k6runner.runner.execution;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.k6runner.model.LiveThresholds;
import dev.k6runner.model.RunProgress;
import dev.k6runner.platform.logging.RunMdc;
import dev.k6runner.runner.claim.ClaimedRun;
import dev.k6runner.runner.stream.MetricStreamFolder;

/** A run this runner holds, from its claim until its result is published. Thread-safe. */
public final class RunningRun {

    private static final Logger log = LoggerFactory.getLogger(RunningRun.class);

    private final ClaimedRun claim;
    private final int slot;
    private final AtomicReference<StopReason> stopReason = new AtomicReference<>();
    private final CompletableFuture<StopReason> stopRequested = new CompletableFuture<>();
    private volatile MetricStreamFolder fold;
    private volatile Instant k6StartedAt;
    private volatile boolean k6Ended;
    private volatile List<LiveThresholds.AbortOnFail> abortOnFail = List.of();

    RunningRun(ClaimedRun claim, int slot) {
        this.claim = claim;
        this.slot = slot;
    }

    /** The slot index (0 … slots-1) this run holds while it runs; no two live runs share one. */
    public int slot() {
        return slot;
    }

    public UUID runId() {
        return claim.runId();
    }

    public UUID attemptId() {
        return claim.attemptId();
    }

    public ClaimedRun claim() {
        return claim;
    }

    /** Asks k6 to stop (SIGTERM, then SIGKILL after the grace period). The first reason wins. */
    public boolean requestStop(StopReason reason) {
        if (k6Ended || !stopReason.compareAndSet(null, reason)) {
            return false;
        }
        try (var _ = RunMdc.open(claim.runId())) {
            log.info("stopping k6: {}", reason.who());
        }
        stopRequested.complete(reason);
        return true;
    }

    public Optional<StopReason> stopReason() {
        return Optional.ofNullable(stopReason.get());
    }

    CompletableFuture<StopReason> stopRequested() {
        return stopRequested;
    }

    /** A segment's thresholds with abortOnFail, which the test evaluates on its merged data ({@link #liveThresholds}). */
    void evaluatesOnMergedData(List<LiveThresholds.AbortOnFail> thresholds) {
        this.abortOnFail = List.copyOf(thresholds);
    }

    void k6Started(MetricStreamFolder streamFold, Instant at) {
        this.fold = streamFold;
        this.k6StartedAt = at;
    }

    /**
     * When k6 run started; null while it has not (so a failure now is one of preparing or starting it). The start
     * barrier's skew between the segments of a test on several runners is measured on it.
     */
    public Instant k6StartedAt() {
        return k6StartedAt;
    }

    /** k6 is over (or never ran): stop requests no longer apply, the result is being published. */
    void k6Ended() {
        this.k6Ended = true;
    }

    /**
     * While k6 runs, a segment's abortOnFail thresholds and its folds so far of their metrics; empty for a single run
     * (its k6 evaluates them on all of its data), a segment without such thresholds, or before k6 started.
     */
    public Optional<LiveThresholds> liveThresholds() {
        MetricStreamFolder current = fold;
        List<LiveThresholds.AbortOnFail> thresholds = abortOnFail;
        return current == null || thresholds.isEmpty() ? Optional.empty()
                : Optional.of(new LiveThresholds(thresholds, current.watched()));
    }

    /** Live progress while k6 runs; empty before k6 started. */
    public Optional<RunProgress> progress(Instant now) {
        MetricStreamFolder current = fold;
        return current == null ? Optional.empty() : Optional.of(current.progress(k6StartedAt, now));
    }
}
