package dev.k6runner.analyzer.telemetry;

import java.util.List;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Registers the analyzer's labelled counters at zero for every label value they can take, so a
 * dashboard shows "0 dead letters" from the start instead of "no data" until the first one.
 */
@Component
class KnownSeries implements ApplicationRunner {

    static final List<String> DEAD_LETTER_REASONS = List.of("unreadable", "impossible_content", "retries_exhausted");
    static final List<String> GEMINI_OUTCOMES = List.of("success", "timeout", "malformed", "io_error", "rate_limited",
            "server_error", "client_error", "circuit_open");
    static final List<String> FALLBACK_REASONS = List.of("timeout", "malformed", "io_error", "rate_limited",
            "server_error", "client_error", "circuit_open", "interrupted");

    private final MeterRegistry registry;

    KnownSeries(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Once the context has started, before the application reports ready. */
    @Override
    public void run(ApplicationArguments arguments) {
        DEAD_LETTER_REASONS.forEach(reason -> registry.counter("k6runner_dead_letters_total", "reason", reason));
        GEMINI_OUTCOMES.forEach(outcome -> registry.counter("k6runner_gemini_calls_total", "outcome", outcome));
        FALLBACK_REASONS.forEach(reason -> registry.counter("k6runner_analysis_fallbacks_total", "reason", reason));
    }
}
