package dev.k6runner.gateway.intake;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counts accepted runs by team, {@code k6runner_runs_submitted_total{team}}: described once, tagged per run. */
@Component
class IntakeMetrics {

    private final Meter.MeterProvider<Counter> submitted;

    IntakeMetrics(MeterRegistry registry) {
        this.submitted = Counter.builder("k6runner.runs.submitted").description("runs accepted").withRegistry(registry);
    }

    void accepted(String teamId) {
        submitted.withTags("team", teamId).increment();
    }
}
