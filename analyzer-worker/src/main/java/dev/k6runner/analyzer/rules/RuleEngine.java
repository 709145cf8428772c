package dev.k6runner.analyzer.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.k6runner.analyzer.analysis.AnalysisInput;
import dev.k6runner.analyzer.analysis.Anomaly;
import dev.k6runner.analyzer.metrics.RunMetrics;
import dev.k6runner.analyzer.metrics.SummaryExport;
import dev.k6runner.analyzer.metrics.ThresholdResults;
import dev.k6runner.model.Severity;

/** The static rules over the metrics: each one either finds an anomaly or stays quiet. */
@Component
public final class RuleEngine {

    private final RulesProperties limits;
    private final HealthRules healthRules;

    public RuleEngine(RulesProperties limits) {
        this.limits = limits;
        this.healthRules = new HealthRules(limits);
    }

    public List<Anomaly> evaluate(AnalysisInput input, Optional<SummaryExport> export, RunMetrics metrics,
                                  ThresholdResults thresholds) {
        List<Anomaly> found = new ArrayList<>();
        errorRate(metrics).ifPresent(found::add);
        slow(metrics.avgResponseTimeMs(), limits.avgResponseTimeMs(), "slow_avg_response_time",
                "avg_response_time_ms", "average").ifPresent(found::add);
        slow(metrics.p95ResponseTimeMs(), limits.p95ResponseTimeMs(), "slow_p95", "p95_response_time_ms", "p95")
                .ifPresent(found::add);
        lowThroughput(metrics).ifPresent(found::add);
        if (thresholds != null) {
            export.ifPresent(summary -> found.addAll(healthRules.failedThresholds(summary, thresholds)));
        }
        export.ifPresent(summary -> healthRules.failedChecks(summary, metrics).ifPresent(found::add));
        healthRules.droppedIterations(metrics).ifPresent(found::add);
        healthRules.saturatedGenerator(input.digest()).ifPresent(found::add);
        healthRules.k6Error(input, export.isPresent()).ifPresent(found::add);
        healthRules.iterationErrors(input.consoleOutput(), metrics).ifPresent(found::add);
        return found;
    }

    private Optional<Anomaly> errorRate(RunMetrics metrics) {
        Double rate = metrics.errorRate();
        if (rate == null || rate <= limits.errorRateWarningPercent()) {
            return Optional.empty();
        }
        boolean critical = rate > limits.errorRateCriticalPercent();
        String expected = "< " + fmt(limits.errorRateWarningPercent());
        return Optional.of(new Anomaly("high_error_rate", critical ? Severity.CRITICAL : Severity.HIGH,
                "Error rate %s%% (%d of %d requests failed); expected %s%%%s".formatted(fmt(rate),
                        metrics.failedRequests(), metrics.totalRequests(), expected,
                        critical ? ", critical above " + fmt(limits.errorRateCriticalPercent()) + "%" : ""),
                "error_rate", rate, expected,
                "Look at the failing endpoints and status codes (see the endpoint findings) and at the server's "
                        + "error logs for this time window; fix the failures before trusting the latency figures.",
                Anomaly.RULES));
    }

    private static Optional<Anomaly> slow(Double observed, double limit, String type, String metric, String label) {
        if (observed == null || observed <= limit) {
            return Optional.empty();
        }
        String expected = "< " + fmt(limit);
        return Optional.of(new Anomaly(type, Severity.HIGH,
                "%s response time %s ms; expected %s ms".formatted(capitalize(label), fmt(observed), expected),
                metric, observed, expected,
                "Profile the slowest endpoints under this load: database queries, downstream calls, locks and "
                        + "connection pools; compare with a lower-VU run to see whether latency grows with load.",
                Anomaly.RULES));
    }

    private Optional<Anomaly> lowThroughput(RunMetrics metrics) {
        if (metrics.throughputRps() == null || metrics.vusMax() == null || metrics.vusMax() == 0
                || metrics.totalRequests() == null || metrics.totalRequests() == 0) {
            return Optional.empty();
        }
        double perVu = metrics.throughputRps() / metrics.vusMax();
        if (perVu >= limits.minRpsPerVu()) {
            return Optional.empty();
        }
        double expectedRps = limits.minRpsPerVu() * metrics.vusMax();
        String expected = ">= " + fmt(expectedRps);
        return Optional.of(new Anomaly("low_throughput", Severity.MEDIUM,
                "Throughput %s req/s for %d VUs (%s req/s per VU); expected %s req/s (%s per VU)".formatted(
                        fmt(metrics.throughputRps()), metrics.vusMax(), fmt(perVu), expected,
                        fmt(limits.minRpsPerVu())),
                "throughput_rps", metrics.throughputRps(), expected,
                "Each VU waits long per request: check think time (sleep) in the script, slow responses, "
                        + "and connection limits on the server or a proxy in between.",
                Anomaly.RULES));
    }

    static String fmt(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.valueOf((long) value);
        }
        return String.format(java.util.Locale.ROOT, "%.2f", value);
    }

    private static String capitalize(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
