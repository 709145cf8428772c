package dev.k6runner.runner.fleet;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.k6runner.platform.logging.RunMdc;
import dev.k6runner.runner.execution.RunningRun;
import dev.k6runner.runner.execution.RunningRuns;
import dev.k6runner.runner.execution.StopReason;

/**
 * Self-fencing. The gateway interrupts a run whose lease expired; this runner must not go on loading the target
 * after that, even when it cannot learn it (the database hangs or is unreachable). So, without any database
 * call, on its own platform thread, it remembers per held run until when the lease is surely valid: the last
 * successful renewal's send time on this runner's monotonic clock (taken BEFORE the statement was sent, so
 * never later than the database's {@code now()}) plus the lease duration. When less than the safety margin is
 * left, it stops that run's k6 ({@link StopReason#SELF_FENCED}).
 *
 * <p>Margin = max(2 heartbeat intervals, lease / 3), at most lease − 1.5 intervals, so that a healthy runner,
 * whose renewals come every interval, is never fenced. Defaults (3 s, 30 s): k6 is stopped 20 s after the last
 * renewal, 10 s before the lease expires. A run not renewed yet counts from when the watchdog first saw it,
 * less one check period (its claim set the lease just before).
 */
final class LeaseWatchdog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaseWatchdog.class);

    private final RunningRuns runs;
    private final long leaseNanos;
    private final long marginNanos;
    private final long periodNanos;
    private final Runnable onFenced;
    private final LongSupplier clock;
    /** attempt id → until when (monotonic nanos) its lease is surely valid. */
    private final Map<UUID, Long> validUntil = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("runner-lease-watchdog").daemon(true).factory());

    LeaseWatchdog(RunningRuns runs, Duration heartbeatInterval, Duration lease, Runnable onFenced, LongSupplier clock) {
        this.runs = runs;
        this.leaseNanos = lease.toNanos();
        this.marginNanos = margin(heartbeatInterval, lease).toNanos();
        this.periodNanos = Math.clamp(marginNanos / 4, TimeUnit.MILLISECONDS.toNanos(50), TimeUnit.SECONDS.toNanos(1));
        this.onFenced = onFenced;
        this.clock = clock;
    }

    /** How long before a lease's expiry k6 is stopped when no renewal came. */
    static Duration margin(Duration heartbeatInterval, Duration lease) {
        Duration wanted = max(heartbeatInterval.multipliedBy(2), lease.dividedBy(3));
        // positive: the runner's settings make the lease longer than two intervals
        Duration mostThatSparesHealthyRuns = lease.minus(heartbeatInterval.multipliedBy(3).dividedBy(2));
        return mostThatSparesHealthyRuns.compareTo(wanted) < 0 ? mostThatSparesHealthyRuns : wanted;
    }

    void start() {
        scheduler.scheduleAtFixedRate(this::check, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    /** The heartbeat renewed this run's lease with a statement sent at {@code sentAtNanos} ({@link System#nanoTime()}). */
    void renewed(RunningRun run, long sentAtNanos) {
        validUntil.merge(run.attemptId(), sentAtNanos + leaseNanos, Math::max);
    }

    void check() {
        try {
            long now = clock.getAsLong();
            Set<UUID> held = new HashSet<>();
            for (RunningRun run : runs.all()) {
                held.add(run.attemptId());
                long until = validUntil.computeIfAbsent(run.attemptId(), _ -> now - periodNanos + leaseNanos);
                if (until - now < marginNanos) {
                    fence(run, until - now);
                }
            }
            validUntil.keySet().retainAll(held);
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again: this one must outlive anything
            log.error("lease watchdog check failed", e);
        }
    }

    private void fence(RunningRun run, long leftNanos) {
        if (run.requestStop(StopReason.SELF_FENCED)) {
            onFenced.run();
            try (var _ = RunMdc.open(run.runId())) {
                log.warn("the lease could not be renewed (database unreachable or hung): stopping k6 {} ms before it expires",
                        TimeUnit.NANOSECONDS.toMillis(leftNanos));
            }
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
