package dev.k6runner.analyzer.rules;

import static dev.k6runner.analyzer.rules.RuleEngine.fmt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.k6runner.analyzer.analysis.AnalysisInput;
import dev.k6runner.analyzer.analysis.Anomaly;
import dev.k6runner.analyzer.metrics.RunMetrics;
import dev.k6runner.analyzer.metrics.SummaryExport;
import dev.k6runner.analyzer.metrics.ThresholdResults;
import dev.k6runner.model.LoadGeneratorHealth;
import dev.k6runner.model.RunDigest;
import dev.k6runner.model.RunStatus;
import dev.k6runner.model.Severity;

/** Rules about the test's own health: thresholds, checks, dropped iterations, the generator, k6 errors. */
final class HealthRules {

    private static final Pattern EXPRESSION = Pattern.compile("^\\s*([a-z]+(?:\\(\\d+(?:\\.\\d+)?\\))?)\\s*[<>=!]");

    private final RulesProperties limits;

    HealthRules(RulesProperties limits) {
        this.limits = limits;
    }

    List<Anomaly> failedThresholds(SummaryExport export, ThresholdResults thresholds) {
        List<Anomaly> found = new ArrayList<>();
        for (ThresholdResults.Result result : thresholds.failed()) {
            Double observed = observedFor(export, result);
            found.add(new Anomaly("threshold_failed", Severity.HIGH,
                    "Threshold %s on %s failed%s".formatted(result.expression(), result.metric(),
                            observed == null ? "" : " (observed " + fmt(observed) + ")"),
                    result.metric(), observed, result.expression(),
                    "The test's own pass criterion failed: fix the cause (see the other findings) or, if the "
                            + "threshold no longer reflects the service's objective, change it deliberately.",
                    Anomaly.RULES));
        }
        return found;
    }

    /** The statistic a threshold expression tests, e.g. {@code p(95)} of its metric; rate means value. */
    private static Double observedFor(SummaryExport export, ThresholdResults.Result result) {
        Matcher matcher = EXPRESSION.matcher(result.expression());
        if (!matcher.find()) {
            return null;
        }
        String stat = matcher.group(1);
        Double value = export.value(result.metric(), stat);
        if (value == null && "rate".equals(stat)) {
            value = export.value(result.metric(), "value");
        }
        return value;
    }

    Optional<Anomaly> failedChecks(SummaryExport export, RunMetrics metrics) {
        if (metrics.checksFailed() == null || metrics.checksFailed() == 0) {
            return Optional.empty();
        }
        long total = metrics.checksFailed() + (metrics.checksPassed() == null ? 0 : metrics.checksPassed());
        double percent = 100.0 * metrics.checksFailed() / total;
        String names = export.failedChecks().stream()
                .map(check -> "'" + check.path() + "' " + check.fails() + "×").collect(Collectors.joining(", "));
        return Optional.of(new Anomaly("checks_failed",
                percent > limits.failedChecksHighPercent() ? Severity.HIGH : Severity.MEDIUM,
                "%d of %d checks failed (%s%%)%s; expected 0".formatted(metrics.checksFailed(), total, fmt(percent),
                        names.isEmpty() ? "" : ": " + names),
                "checks_failed", percent, "0",
                "A check asserts what a correct response looks like: read the failing checks' responses "
                        + "(status, body) and fix the service or the script's expectation.",
                Anomaly.RULES));
    }

    Optional<Anomaly> droppedIterations(RunMetrics metrics) {
        Long dropped = metrics.droppedIterations();
        if (dropped == null || dropped == 0) {
            return Optional.empty();
        }
        long planned = dropped + (metrics.iterations() == null ? 0 : metrics.iterations());
        double percent = 100.0 * dropped / planned;
        return Optional.of(new Anomaly("dropped_iterations",
                percent > limits.droppedIterationsHighPercent() ? Severity.HIGH : Severity.MEDIUM,
                "%d of %d planned iterations were dropped (%s%%); expected 0".formatted(dropped, planned, fmt(percent)),
                "dropped_iterations", (double) dropped, "0",
                "The arrival-rate executor ran out of VUs: raise preAllocatedVUs/maxVUs, or the system is too "
                        + "slow to sustain the rate; the achieved rate is lower than the test asked for.",
                Anomaly.RULES));
    }

    Optional<Anomaly> saturatedGenerator(RunDigest digest) {
        LoadGeneratorHealth health = digest == null ? null : digest.loadGenerator();
        if (health == null || !health.saturated()) {
            return Optional.empty();
        }
        return Optional.of(new Anomaly("load_generator_saturated", Severity.HIGH,
                "The k6 process was saturated (CPU avg %s%%, peak %s%%); expected headroom on the load generator"
                        .formatted(fmt(health.cpuAvgPercent()), fmt(health.cpuPeakPercent())),
                "load_generator_cpu_percent", health.cpuPeakPercent(), "not saturated",
                "The figures describe the load generator, not the system under test: give the runner more CPU, "
                        + "use fewer VUs per runner, or simplify the script's per-iteration work.",
                Anomaly.RULES));
    }

    Optional<Anomaly> k6Error(AnalysisInput input, boolean hasSummary) {
        if (input.outcome() != RunStatus.FAILED && input.outcome() != RunStatus.TIMED_OUT) {
            return Optional.empty();
        }
        boolean timedOut = input.outcome() == RunStatus.TIMED_OUT;
        Severity severity = timedOut ? Severity.MEDIUM : hasSummary ? Severity.HIGH : Severity.CRITICAL;
        String reason = input.statusReason() == null ? "no reason given" : input.statusReason();
        return Optional.of(new Anomaly(timedOut ? "k6_timed_out" : "k6_error", severity,
                "k6 exited with code %s: %s%s; expected exit 0".formatted(input.k6ExitCode(), reason,
                        hasSummary ? "" : " (no results)"),
                "k6_exit_code", input.k6ExitCode() == null ? null : input.k6ExitCode().doubleValue(), "0",
                timedOut ? "The run outlived its time limit: shorten the test or raise its timeout."
                        : "Fix what k6 reports (script error, invalid option, test.abort()) and run the test again.",
                Anomaly.RULES));
    }

    Optional<Anomaly> iterationErrors(String console, RunMetrics metrics) {
        ConsoleErrors errors = ConsoleErrors.scan(console);
        if (errors.count() == 0) {
            return Optional.empty();
        }
        long iterations = metrics.iterations() == null ? 0 : metrics.iterations();
        double percent = iterations == 0 ? 100.0 : 100.0 * errors.count() / iterations;
        return Optional.of(new Anomaly("iteration_errors",
                percent > limits.iterationErrorsHighPercent() ? Severity.HIGH : Severity.MEDIUM,
                "The script threw in at least %d iterations (of %d); most frequent: %s; expected none"
                        .formatted(errors.count(), iterations, errors.mostFrequent()),
                "iteration_errors", (double) errors.count(), "0",
                "An exception ends the iteration early, so later requests of that iteration never ran: "
                        + "fix the script or guard against the unexpected response it fails on.",
                Anomaly.RULES));
    }
}
