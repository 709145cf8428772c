package dev.k6runner.runner.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.k6runner.model.RunSpec;
import dev.k6runner.runner.claim.ClaimedRun;
import dev.k6runner.runner.execution.HeldRuns;
import dev.k6runner.runner.execution.RunningRun;
import dev.k6runner.runner.execution.RunningRuns;
import dev.k6runner.runner.execution.StopReason;

/** The watchdog's arithmetic on its own clock, stepped by hand; the integration test cuts a real database. */
class LeaseWatchdogTest {

    static final Duration INTERVAL = Duration.ofSeconds(3);
    static final Duration LEASE = Duration.ofSeconds(30);

    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    final AtomicInteger fenced = new AtomicInteger();
    final RunningRuns runs = new RunningRuns();
    final LeaseWatchdog watchdog = new LeaseWatchdog(runs, INTERVAL, LEASE, fenced::incrementAndGet, clock::get);

    @Test
    void theMarginIsTwoIntervalsOrAThirdOfTheLeaseButSparesAHealthyRunner() {
        assertThat(LeaseWatchdog.margin(Duration.ofSeconds(3), Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(10));
        assertThat(LeaseWatchdog.margin(Duration.ofMillis(300), Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(1));
        assertThat(LeaseWatchdog.margin(Duration.ofSeconds(5), Duration.ofSeconds(20))).isEqualTo(Duration.ofSeconds(10));
        // 2 intervals (6 s) would leave 1 s after each renewal, less than the 3 s until the next: capped at 7 - 4.5
        assertThat(LeaseWatchdog.margin(Duration.ofSeconds(3), Duration.ofSeconds(7))).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void aRunWhoseLeaseIsNotRenewedIsStoppedOnceWhenLessThanTheMarginIsLeft() {
        RunningRun run = hold();
        watchdog.renewed(run, clock.get());
        advance(Duration.ofSeconds(20).minusMillis(1));
        watchdog.check();
        assertThat(run.stopReason()).isEmpty();
        advance(Duration.ofMillis(2));
        watchdog.check();
        assertThat(run.stopReason()).contains(StopReason.SELF_FENCED);
        watchdog.check();
        assertThat(fenced).hasValue(1);
        assertThat(StopReason.SELF_FENCED.outcome().wireName()).isEqualTo("interrupted");
    }

    @Test
    void aRunRenewedEveryIntervalIsNeverStoppedEvenWhenRenewalsArriveLateAndOutOfOrder() {
        RunningRun run = hold();
        for (int beat = 0; beat < 100; beat++) {
            long sentAt = clock.get();
            advance(INTERVAL.multipliedBy(2));
            watchdog.renewed(run, sentAt);
            watchdog.renewed(run, sentAt - INTERVAL.toNanos());
            watchdog.check();
        }
        assertThat(run.stopReason()).isEmpty();
        assertThat(fenced).hasValue(0);
    }

    @Test
    void aRunNeverRenewedCountsFromWhenItWasFirstSeenLessOneCheckPeriod() {
        RunningRun run = hold();
        watchdog.check();
        long period = TimeUnit.MILLISECONDS.toNanos(1000);
        advance(Duration.ofSeconds(20).minusNanos(period).minusMillis(1));
        watchdog.check();
        assertThat(run.stopReason()).isEmpty();
        advance(Duration.ofMillis(2));
        watchdog.check();
        assertThat(run.stopReason()).contains(StopReason.SELF_FENCED);
    }

    @Test
    void aRunWhoseK6HasEndedIsNotCountedAsFencedWhileItsResultIsPublished() {
        RunningRun run = hold();
        watchdog.renewed(run, clock.get());
        HeldRuns.k6Ended(run);
        advance(LEASE);
        watchdog.check();
        assertThat(run.stopReason()).isEmpty();
        assertThat(fenced).hasValue(0);
    }

    private RunningRun hold() {
        RunSpec spec = new RunSpec("export default function () {}", "watched", null, null, null, null, null, 60);
        return HeldRuns.hold(runs, new ClaimedRun(UUID.randomUUID(), UUID.randomUUID(), "default", spec, Instant.now(),
                Instant.now(), ClaimedRun.TeamPolicy.NONE));
    }

    private void advance(Duration by) {
        clock.addAndGet(by.toNanos());
    }
}
