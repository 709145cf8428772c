package dev.k6runner.runner.execution;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.k6runner.runner.RunnerProperties;
import dev.k6runner.runner.SegmentProperties;
import dev.k6runner.runner.claim.ClaimedRun;
import dev.k6runner.runner.claim.RunClaimer;
import dev.k6runner.runner.segments.SegmentResults;
import dev.k6runner.runner.segments.SegmentStore;

/**
 * This runner's part in tests on several runners, every poll interval: take the segments another runner's placement
 * assigned here (the wake-up: a query on an index, no message), stop those whose test broke elsewhere, keep the
 * leases of its segments, and declare dead the segments whose runner stopped renewing theirs. Stops after the
 * runner's lifecycle (a lower phase), so segments still running keep their leases while the runner drains.
 */
@Component
final class SegmentLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SegmentLoop.class);
    private static final Duration LIVE_EVERY = Duration.ofSeconds(1);

    private final RunClaimer claimer;
    private final SegmentStore store;
    private final SegmentResults results;
    private final RunExecutor executor;
    private final Slots slots;
    private final RunningRuns runs;
    private final RunnerProperties properties;
    private final SegmentProperties segments;
    private volatile ScheduledExecutorService scheduler;
    private long ticks;

    SegmentLoop(RunClaimer claimer, SegmentStore store, SegmentResults results, RunExecutor executor, Slots slots,
                RunningRuns runs, RunnerProperties properties, SegmentProperties segments) {
        this.claimer = claimer;
        this.store = store;
        this.results = results;
        this.executor = executor;
        this.slots = slots;
        this.runs = runs;
        this.properties = properties;
        this.segments = segments;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("k6-segments").daemon(true).factory());
        long every = segments.pollInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    void tick() {
        try {
            startAssigned();
            stopBroken();
            if (ticks % everyNth(LIVE_EVERY) == 0) {
                publishLive();
            }
            // renew (and sweep) about four times per heartbeat interval
            if (ticks++ % everyNth(properties.heartbeatInterval().dividedBy(4)) == 0) {
                store.renew(properties.id(), properties.leaseDuration(), held());
                store.sweepDead(properties.id()).forEach(results::announce);
            }
        } catch (RuntimeException e) {
            log.warn("segment loop: {}", e.toString());
        }
    }

    /** Each segment waiting here gets a free slot, if there is one; without one it waits for the next tick. */
    void startAssigned() {
        while (store.hasAssigned(properties.id()) && slots.tryAcquire()) {
            Optional<ClaimedRun> segment;
            try {
                segment = claimer.claimAssignedSegment();
            } catch (RuntimeException e) {
                slots.release();
                throw e;
            }
            if (segment.isEmpty()) {
                slots.release();
                return;
            }
            submit(segment.get());
        }
    }

    private void submit(ClaimedRun segment) {
        log.info("segment {} ({}) of run {} taken, starts at {}", segment.segment().index(),
                segment.segment().executionSegment(), segment.runId(), segment.startAt());
        try {
            executor.submit(segment);
        } catch (RejectedExecutionException e) {
            slots.release();
            log.warn("segment {} of run {} taken while shutting down: its lease will lapse", segment.segment().index(),
                    segment.runId());
        }
    }

    private void stopBroken() {
        for (SegmentStore.StopRequest stop : store.stopsFor(properties.id())) {
            runs.segment(stop.runId(), stop.index()).ifPresent(run -> {
                if (run.requestStop(stop.byThresholds() ? StopReason.MERGED_THRESHOLDS : StopReason.SEGMENT_BROKE)) {
                    log.info("segment {} of run {} stopped: {}", stop.index(), stop.runId(), stop.reason());
                }
            });
        }
    }

    /**
     * Each held segment's abortOnFail figures, for the analyzer's evaluation on the test's merged data: on this loop's
     * beat (about once a second, as the fold publishes them) rather than the heartbeat's 3 s, which would add to how
     * late a merged abort comes.
     */
    private void publishLive() {
        for (RunningRun run : runs.all()) {
            if (run.claim().segment() != null) {
                run.liveThresholds().ifPresent(live -> store.publishLive(run.runId(), run.claim().segment().index(),
                        run.attemptId(), live));
            }
        }
    }

    /** The segments this runner really holds: only those keep their leases, so a lost one is declared dead. */
    private List<SegmentStore.Held> held() {
        return runs.all().stream().filter(run -> run.claim().segment() != null)
                .map(run -> new SegmentStore.Held(run.runId(), run.claim().segment().index())).toList();
    }

    /** How many ticks make about this period (at least one). */
    private long everyNth(Duration period) {
        return Math.max(1, period.toMillis() / Math.max(1, segments.pollInterval().toMillis()));
    }

    @Override
    public void stop() {
        ScheduledExecutorService current = scheduler;
        if (current != null) {
            current.shutdownNow();
        }
        scheduler = null;
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 1;
    }
}
