package dev.k6runner.analyzer.gemini;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.micrometer.core.instrument.MeterRegistry;

import dev.k6runner.analyzer.analysis.AnalysisDocument;
import dev.k6runner.analyzer.analysis.AnalysisInput;
import dev.k6runner.analyzer.analysis.RunAnalysis;

/**
 * Asks Gemini to review the rules' analysis, within a hard deadline, with capped retries and a
 * circuit breaker. Whatever goes wrong, the rules' analysis stands, marked with the reason. Without
 * an API key the client is the disabled one and the rules answer alone.
 */
@Component
public final class GeminiAnalyst implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GeminiAnalyst.class);
    /** A success within the deadline counts as a success, however long it took. */
    private static final Duration NEVER_SLOW = Duration.ofDays(1);

    private final GeminiClient client;
    private final GeminiProperties properties;
    private final CircuitBreaker breaker;
    private final MeterRegistry registry;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

    GeminiAnalyst(GeminiProperties properties, MeterRegistry registry, Clock clock) {
        this.client = properties.enabled() ? new GoogleGeminiClient(properties) : new DisabledGeminiClient();
        this.properties = properties;
        this.breaker = breaker(properties, clock);
        this.registry = registry;
    }

    /**
     * Opens after {@code circuitFailureThreshold} failed analyses in a row (a count window of that size,
     * all failed) and skips Gemini for {@code circuitOpenFor}; then lets one trial through (half-open):
     * success closes it, failure opens it again. Slowness is the deadline's business, not the breaker's.
     */
    private static CircuitBreaker breaker(GeminiProperties properties, Clock clock) {
        int threshold = properties.circuitFailureThreshold();
        return CircuitBreaker.of("gemini", CircuitBreakerConfig.custom()
                .slidingWindow(threshold, threshold, SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(100)
                .slowCallDurationThreshold(NEVER_SLOW)
                .waitDurationInOpenState(properties.circuitOpenFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .clock(clock)
                .build());
    }

    public RunAnalysis refine(AnalysisInput input, RunAnalysis rules) {
        if (!client.enabled()) {
            return rules;
        }
        if (!breaker.tryAcquirePermission()) {
            count("circuit_open");
            return fallback(rules, "circuit_open");
        }
        long start = System.nanoTime();
        try {
            GeminiAnswer answer = GeminiAnswer.parse(callWithinDeadline(GeminiPrompt.build(input, rules)));
            count("success");
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return answer.mergeInto(rules);
        } catch (GeminiCallException e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
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

    boolean circuitOpen() {
        return breaker.getState() == CircuitBreaker.State.OPEN;
    }

    Duration timeout() {
        return properties.timeout();
    }

    @Override
    public void close() {
        calls.shutdownNow();
        client.close();
    }
}
