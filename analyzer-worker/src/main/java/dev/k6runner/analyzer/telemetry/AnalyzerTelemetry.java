package dev.k6runner.analyzer.telemetry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.k6runner.analyzer.analysis.RunAnalysis;
import dev.k6runner.model.RunStatus;

/**
 * Finished-run counters and each test's latest results as gauges. The label {@code test} is
 * bounded: the first {@code maxTestNames} names get their own series, all later ones share "_other".
 */
@Component
public class AnalyzerTelemetry {

    public static final String OTHER = "_other";

    private final MeterRegistry registry;
    private final int maxTestNames;
    private final Map<String, Latest> tests = new ConcurrentHashMap<>();

    AnalyzerTelemetry(MeterRegistry registry, MetricsProperties properties) {
        this.registry = registry;
        this.maxTestNames = properties.maxTestNames();
    }

    public void runFinished(RunStatus status, String team) {
        registry.counter("k6runner_runs_finished_total", "status", status.wireName(), "team", team).increment();
    }

    public void latestResult(String testName, RunAnalysis analysis) {
        Latest latest = tests.computeIfAbsent(label(testName), this::register);
        latest.p95.set(analysis.metrics().p95ResponseTimeMs());
        latest.errorRate.set(analysis.metrics().errorRate());
        latest.throughput.set(analysis.metrics().throughputRps());
        latest.severity.set((double) analysis.document().severity().ordinal());
    }

    String label(String testName) {
        if (tests.containsKey(testName)) {
            return testName;
        }
        synchronized (tests) {
            return tests.containsKey(testName) || tests.size() < maxTestNames ? testName : OTHER;
        }
    }

    private Latest register(String test) {
        Latest latest = new Latest();
        gauge("k6runner_test_p95_milliseconds", test, latest.p95);
        gauge("k6runner_test_error_rate_percent", test, latest.errorRate);
        gauge("k6runner_test_throughput_rps", test, latest.throughput);
        gauge("k6runner_test_anomaly_severity", test, latest.severity);
        return latest;
    }

    private void gauge(String name, String test, AtomicReference<Double> value) {
        Gauge.builder(name, value, ref -> ref.get() == null ? Double.NaN : ref.get()).tag("test", test).register(registry);
    }

    private static final class Latest {
        final AtomicReference<Double> p95 = new AtomicReference<>();
        final AtomicReference<Double> errorRate = new AtomicReference<>();
        final AtomicReference<Double> throughput = new AtomicReference<>();
        final AtomicReference<Double> severity = new AtomicReference<>();
    }
}
