package dev.k6runner.runner.execution;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.k6runner.model.RunStatus;

/**
 * What k6's end means for the run: the outcome and a status_reason in k6's own words (docs/architecture.md,
 * "Exit codes").
 */
record Outcome(RunStatus status, String reason) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Outcome failed(String reason) {
        return new Outcome(RunStatus.FAILED, reason);
    }

    /** The runner stopped the run before it launched k6: the stop's outcome, in the stop's words. */
    static Outcome stoppedBeforeK6(StopReason stop) {
        return new Outcome(stop.outcome(), "stopped before k6 started: " + stop.who());
    }

    /**
     * @param exitCode  k6's exit status (128+N when a signal ended it)
     * @param stop      why the runner stopped it, if it did
     * @param killed    true when k6 ignored SIGTERM for the grace period and got SIGKILL
     * @param lastError k6's last {@code level=error} line
     * @param summary   the --summary-export document, or null
     */
    static Outcome of(int exitCode, Optional<StopReason> stop, boolean killed, Optional<K6LogLine> lastError, String summary) {
        boolean stoppedByUs = stop.isPresent() && exitCode != 0 && exitCode != 99 && (exitCode == 105 || killed || exitCode > 128);
        if (stoppedByUs) {
            String how = killed ? "k6 did not stop after SIGTERM within the grace period and was killed"
                    : lastError.map(K6LogLine::reason).orElse("k6 exited with code " + exitCode);
            return new Outcome(stop.get().outcome(), how + ": " + stop.get().who());
        }
        String k6Said = lastError.map(K6LogLine::reason).orElse("k6 exited with code " + exitCode);
        return switch (exitCode) {
            case 0 -> new Outcome(RunStatus.COMPLETED, null);
            case 99 -> new Outcome(RunStatus.COMPLETED, failedThresholds(summary).map(t -> "thresholds failed: " + t).orElse(k6Said));
            default -> failed(k6Said);
        };
    }

    /** "http_req_failed: rate<0.01, http_req_duration: avg<1" — in the summary export, true means FAILED. */
    static Optional<String> failedThresholds(String summary) {
        if (summary == null || summary.isBlank()) {
            return Optional.empty();
        }
        try {
            List<String> failed = new ArrayList<>();
            JsonNode metrics = JSON.readTree(summary).path("metrics");
            for (Map.Entry<String, JsonNode> metric : metrics.properties()) {
                for (Map.Entry<String, JsonNode> threshold : metric.getValue().path("thresholds").properties()) {
                    if (threshold.getValue().asBoolean(false)) {
                        failed.add(metric.getKey() + ": " + threshold.getKey());
                    }
                }
            }
            return failed.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", failed));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
