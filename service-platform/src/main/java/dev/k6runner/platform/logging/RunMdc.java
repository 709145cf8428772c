package dev.k6runner.platform.logging;

import java.util.UUID;

import org.slf4j.MDC;

/**
 * Puts a run's id into every log line written while it is open:
 * {@code try (var ignored = RunMdc.open(runId)) { … }}.
 */
public final class RunMdc implements AutoCloseable {

    public static final String KEY = "run_id";

    private final String previous;

    private RunMdc(String runId) {
        this.previous = MDC.get(KEY);
        MDC.put(KEY, runId);
    }

    public static RunMdc open(UUID runId) {
        return new RunMdc(runId.toString());
    }

    @Override
    public void close() {
        if (previous == null) {
            MDC.remove(KEY);
        } else {
            MDC.put(KEY, previous);
        }
    }
}
