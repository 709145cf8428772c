package dev.k6runner.analyzer.baseline;

import static dev.k6runner.analyzer.timeline.Stats.fmt;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import org.springframework.stereotype.Component;

import dev.k6runner.analyzer.analysis.Anomaly;
import dev.k6runner.analyzer.analysis.BaselineComparison;
import dev.k6runner.analyzer.metrics.RunMetrics;
import dev.k6runner.analyzer.timeline.Stats;
import dev.k6runner.model.RunStatus;
import dev.k6runner.model.Severity;

/**
 * Regressions against the test's own history: the median of recent completed runs (MAD as its
 * spread, so one outlier moves nothing), or the pinned run, which takes precedence. Only completed
 * runs are compared: a cancelled run's partial figures say nothing about a regression.
 */
@Component
public final class BaselineComparator {

    private static final double MAD_TO_SIGMA = 1.4826;

    private final BaselineProperties limits;

    public BaselineComparator(BaselineProperties limits) {
        this.limits = limits;
    }

    public record Result(BaselineComparison comparison, List<Anomaly> anomalies) {
    }

    public Result compare(RunMetrics metrics, RunStatus outcome, BaselineHistory history) {
        if (outcome != RunStatus.COMPLETED || metrics.totalRequests() == null) {
            return new Result(BaselineComparison.notApplicable("not_applicable", history.recent().size()), List.of());
        }
        boolean pinned = history.pinned() != null;
        List<BaselineHistory.Sample> samples = pinned ? List.of(history.pinned()) : history.recent();
        if (!pinned && samples.size() < limits.minRuns()) {
            return new Result(BaselineComparison.notApplicable("insufficient_history", samples.size()), List.of());
        }
        BaselineComparison baseline = new BaselineComparison(pinned ? "pinned" : "compared", pinned,
                pinned ? history.pinned().runId() : null, samples.size(),
                median(samples, BaselineHistory.Sample::p95ResponseTimeMs),
                mad(samples, BaselineHistory.Sample::p95ResponseTimeMs),
                median(samples, BaselineHistory.Sample::avgResponseTimeMs),
                median(samples, BaselineHistory.Sample::errorRate),
                median(samples, BaselineHistory.Sample::throughputRps));
        List<Anomaly> found = new ArrayList<>();
        latency("p95_regression", "p95_response_time_ms", "p95", metrics.p95ResponseTimeMs(), baseline.p95ResponseTimeMs(),
                baseline.p95MadMs(), baseline).ifPresent(found::add);
        latency("avg_regression", "avg_response_time_ms", "average", metrics.avgResponseTimeMs(), baseline.avgResponseTimeMs(),
                mad(samples, BaselineHistory.Sample::avgResponseTimeMs), baseline).ifPresent(found::add);
        errorRate(metrics.errorRate(), baseline).ifPresent(found::add);
        throughput(metrics, baseline, median(samples, sample -> sample.vusMax() == null ? null : sample.vusMax().doubleValue()))
                .ifPresent(found::add);
        return new Result(baseline, found);
    }

    private java.util.Optional<Anomaly> latency(String type, String metric, String label, Double observed, Double median,
                                                Double mad, BaselineComparison baseline) {
        if (observed == null || median == null || median <= 0) {
            return java.util.Optional.empty();
        }
        double margin = Math.max(limits.minIncreaseMs(), limits.madMultiplier() * MAD_TO_SIGMA * (mad == null ? 0 : mad));
        if (observed < median * limits.latencyFactor() || observed - median < margin) {
            return java.util.Optional.empty();
        }
        double factor = observed / median;
        return java.util.Optional.of(new Anomaly(type, factor >= 2 * limits.latencyFactor() ? Severity.HIGH : Severity.MEDIUM,
                "%s latency %s ms is ×%s the baseline %s ms (%s); expected < %s ms".formatted(label, fmt(observed),
                        fmt(factor), fmt(median), describe(baseline), fmt(median * limits.latencyFactor())),
                metric, observed, "< " + fmt(median * limits.latencyFactor()),
                "Something changed since the baseline: compare this run's deployment, configuration, data volume "
                        + "and script with the baseline's; the slow endpoints findings show where the time went.",
                Anomaly.BASELINE));
    }

    private java.util.Optional<Anomaly> errorRate(Double observed, BaselineComparison baseline) {
        if (observed == null || baseline.errorRate() == null
                || observed < baseline.errorRate() + limits.errorRateIncreasePoints()) {
            return java.util.Optional.empty();
        }
        String expected = "< " + fmt(baseline.errorRate() + limits.errorRateIncreasePoints());
        return java.util.Optional.of(new Anomaly("error_rate_regression", Severity.MEDIUM,
                "Error rate %s%% against the baseline's %s%% (%s); expected %s%%".formatted(fmt(observed),
                        fmt(baseline.errorRate()), describe(baseline), expected),
                "error_rate", observed, expected,
                "New failures since the baseline: look at what changed and at the failing endpoints.",
                Anomaly.BASELINE));
    }

    private java.util.Optional<Anomaly> throughput(RunMetrics metrics, BaselineComparison baseline, Double baselineVus) {
        Double observed = metrics.throughputRps();
        if (observed == null || baseline.throughputRps() == null || baselineVus == null || metrics.vusMax() == null
                || metrics.vusMax() < baselineVus || observed >= baseline.throughputRps() * limits.throughputDropFactor()) {
            return java.util.Optional.empty();
        }
        String expected = ">= " + fmt(baseline.throughputRps() * limits.throughputDropFactor());
        return java.util.Optional.of(new Anomaly("throughput_regression", Severity.MEDIUM,
                "Throughput %s req/s at %d VUs against the baseline's %s req/s (%s); expected %s req/s".formatted(
                        fmt(observed), metrics.vusMax(), fmt(baseline.throughputRps()), describe(baseline), expected),
                "throughput_rps", observed, expected,
                "The same load now gets fewer requests through: the service got slower per request or rejects work.",
                Anomaly.BASELINE));
    }

    private static String describe(BaselineComparison baseline) {
        return baseline.pinned() ? "pinned run " + baseline.pinnedRunId()
                : "median of " + baseline.runs() + " recent completed runs";
    }

    private static Double median(List<BaselineHistory.Sample> samples, Function<BaselineHistory.Sample, Double> field) {
        List<Double> values = samples.stream().map(field).filter(Objects::nonNull).toList();
        return values.isEmpty() ? null : Stats.median(values);
    }

    private static Double mad(List<BaselineHistory.Sample> samples, Function<BaselineHistory.Sample, Double> field) {
        List<Double> values = samples.stream().map(field).filter(Objects::nonNull).toList();
        return values.isEmpty() ? null : Stats.mad(values);
    }
}
