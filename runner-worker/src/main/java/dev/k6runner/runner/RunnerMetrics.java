package dev.k6runner.runner;

import java.time.Duration;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

import dev.k6runner.model.RunStatus;

/** The runner's Prometheus metrics (names fixed by the team's conventions; Micrometer adds _total and _seconds). */
@Component
public final class RunnerMetrics {

    private final MeterRegistry registry;
    private final Counter refused;
    private final Counter streamPoints;
    private final Counter foldCpu;
    private final Counter selfFenced;
    private final Counter orphaned;
    private final Counter storeRetries;

    public RunnerMetrics(MeterRegistry registry) {
        this.registry = registry;
        // Kept at 0 for dashboards: since records are only wake-ups (fair dispatch), no request is handed back.
        Counter.builder("k6runner.runs.released")
                .description("run requests handed back to the share group because no slot was free").register(registry);
        this.refused = Counter.builder("k6runner.results.refused")
                .description("results of dead attempts refused (lease expired, run interrupted)").register(registry);
        this.streamPoints = Counter.builder("k6runner.stream.points")
                .description("metric points read from k6's --out json stream").register(registry);
        this.foldCpu = Counter.builder("k6runner.stream.fold.cpu").baseUnit("seconds")
                .description("CPU time spent folding k6's streams: the runner's own cost beside k6").register(registry);
        this.selfFenced = Counter.builder("k6runner.runs.self.fenced")
                .description("runs whose k6 was stopped because their lease could not be renewed in time").register(registry);
        this.orphaned = Counter.builder("k6runner.orphan.results")
                .description("finished results that arrived after their run was reaped, kept in orphan_results").register(registry);
        this.storeRetries = Counter.builder("k6runner.results.store.retries")
                .description("tries to store a finished result that failed because the database was away").register(registry);
    }

    public void slots(Supplier<Number> capacity, Supplier<Number> busy) {
        Gauge.builder("k6runner.runner.slots", capacity).description("k6 slots of this runner").register(registry);
        Gauge.builder("k6runner.runner.slots.busy", busy).description("slots running a k6 now").register(registry);
    }

    public void runStarted(String team, Duration sinceSubmission) {
        Counter.builder("k6runner.runs.started").tag("team", team).description("k6 processes started").register(registry).increment();
        Timer.builder("k6runner.run.start.delay").description("from submission to k6 start")
                .register(registry).record(sinceSubmission.isNegative() ? Duration.ZERO : sinceSubmission);
    }

    public void k6Exited(Integer exitCode, RunStatus outcome, Duration duration) {
        Counter.builder("k6runner.k6.exits").tag("code", exitCode == null ? "none" : exitCode.toString())
                .tag("outcome", outcome.wireName()).description("k6 ends by exit code and outcome").register(registry).increment();
        Timer.builder("k6runner.run.duration").tag("outcome", outcome.wireName()).publishPercentileHistogram()
                .description("k6 run time").register(registry).record(duration);
    }

    public void resultRefused() {
        refused.increment();
    }

    public void resultOrphaned() {
        orphaned.increment();
    }

    public void resultStoreRetried() {
        storeRetries.increment();
    }

    public void selfFenced() {
        selfFenced.increment();
    }

    public void streamFolded(long points, Duration cpu) {
        streamPoints.increment(points);
        foldCpu.increment(cpu.toNanos() / 1e9);
    }
}
