package dev.k6runner.analyzer.gemini;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;

import dev.k6runner.analyzer.analysis.AnalysisDocument;
import dev.k6runner.analyzer.analysis.AnalysisInput;
import dev.k6runner.analyzer.analysis.Anomaly;
import dev.k6runner.analyzer.analysis.RunAnalysis;
import dev.k6runner.analyzer.analysis.RunAnalyzer;
import dev.k6runner.model.AnalyzerKind;

/**
 * Asks Gemini to review the rules' analysis, within a hard deadline, with capped retries and a
 * circuit breaker. Whatever goes wrong, the rules' analysis stands, marked with the reason.
 */
public final class GeminiAnalyst implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GeminiAnalyst.class);

    private final GeminiClient client;
    private final GeminiProperties properties;
    private final CircuitBreaker breaker;
    private final MeterRegistry registry;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

    public GeminiAnalyst(GeminiClient client, GeminiProperties properties, CircuitBreaker breaker, MeterRegistry registry) {
        this.client = client;
        this.properties = properties;
        this.breaker = breaker;
        this.registry = registry;
    }

    public RunAnalysis refine(AnalysisInput input, RunAnalysis rules) {
        if (!client.enabled()) {
            return rules;
        }
        if (!breaker.allowsCall()) {
            count("circuit_open");
            return fallback(rules, "circuit_open");
        }
        try {
            GeminiAnswer answer = GeminiAnswer.parse(callWithinDeadline(GeminiPrompt.build(input, rules)));
            count("success");
            breaker.recordSuccess();
            return merge(rules, answer);
        } catch (GeminiCallException e) {
            breaker.recordFailure();
            if ("malformed".equals(e.kind())) {
                count("malformed");
            }
            log.warn("Gemini failed ({}), the rules' analysis stands: {}", e.kind(), e.getMessage());
            return fallback(rules, e.kind());
        }
    }

    private String callWithinDeadline(String prompt) {
        long deadline = System.nanoTime() + properties.timeout().toNanos();
        GeminiCallException last = null;
        for (int attempt = 1; attempt <= properties.maxAttempts(); attempt++) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            Future<String> call = calls.submit(() -> client.generateJson(prompt, GeminiPrompt.RESPONSE_SCHEMA));
            try {
                return call.get(remaining, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                call.cancel(true);
                count("timeout");
                throw new GeminiCallException("timeout", "no answer within " + properties.timeout(), e);
            } catch (ExecutionException e) {
                last = e.getCause() instanceof GeminiCallException failure ? failure
                        : new GeminiCallException("io_error", String.valueOf(e.getCause()), e.getCause());
                count(last.kind());
                if (!last.retryable()) {
                    throw last;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GeminiCallException("interrupted", "interrupted while waiting for Gemini", e);
            }
        }
        throw last != null ? last : new GeminiCallException("timeout", "no time left for Gemini", null);
    }

    /** The written merge rule: rule findings always stay; Gemini adds new types, may raise, never lower, severity. */
    private static RunAnalysis merge(RunAnalysis rules, GeminiAnswer answer) {
        AnalysisDocument base = rules.document();
        Set<String> known = base.anomalies().stream().map(Anomaly::type).collect(Collectors.toSet());
        List<Anomaly> anomalies = new ArrayList<>(base.anomalies());
        answer.anomalies().stream().filter(anomaly -> !known.contains(anomaly.type())).forEach(anomalies::add);
        double confidence = Math.min(answer.confidence(), base.confidence());
        AnalysisDocument merged = RunAnalyzer.document(anomalies, Math.round(confidence * 100) / 100.0, AnalyzerKind.AI,
                null, base.baseline(), answer.recommendations());
        if (answer.severity().compareTo(merged.severity()) > 0) {
            merged = new AnalysisDocument(merged.hasAnomalies(), answer.severity(), merged.anomalies(),
                    merged.recommendations(), merged.confidence(), merged.analyzer(), null, merged.summary(),
                    merged.baseline(), merged.findingsBySource());
        }
        return new RunAnalysis(rules.metrics(), rules.thresholds(), merged);
    }

    private RunAnalysis fallback(RunAnalysis rules, String reason) {
        registry.counter("k6runner_analysis_fallbacks_total", "reason", reason).increment();
        AnalysisDocument base = rules.document();
        return new RunAnalysis(rules.metrics(), rules.thresholds(), new AnalysisDocument(base.hasAnomalies(),
                base.severity(), base.anomalies(), base.recommendations(), base.confidence(), base.analyzer(), reason,
                base.summary(), base.baseline(), base.findingsBySource()));
    }

    private void count(String outcome) {
        registry.counter("k6runner_gemini_calls_total", "outcome", outcome).increment();
    }

    public boolean circuitOpen() {
        return breaker.isOpen();
    }

    Duration timeout() {
        return properties.timeout();
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }
}
