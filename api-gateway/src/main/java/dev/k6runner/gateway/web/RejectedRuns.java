package dev.k6runner.gateway.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counts refused submissions by reason: {@code k6runner_runs_rejected_total{reason}}. */
@Component
class RejectedRuns {

    /** Every reason a submission can be refused for; each series starts at zero so dashboards show 0, not "no data". */
    static final java.util.List<String> REASONS = java.util.List.of("validation", "malformed_json", "script_too_large",
            "backlog_full", "limit_exceeded", "remote_module", "unavailable", "internal");

    private final MeterRegistry registry;

    RejectedRuns(MeterRegistry registry) {
        this.registry = registry;
        REASONS.forEach(reason -> counter(reason));
    }

    private Counter counter(String reason) {
        return Counter.builder("k6runner.runs.rejected").description("submissions refused, by reason")
                .tag("reason", reason).register(registry);
    }

    /** Counts the problem when it answers a submission; other endpoints are not counted. */
    void countIfSubmission(HttpServletRequest request, String reason) {
        if (request != null && "POST".equals(request.getMethod()) && "/api/v1/test/run".equals(request.getRequestURI())) {
            counter(reason).increment();
        }
    }
}
