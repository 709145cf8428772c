package dev.k6runner.analyzer.baseline;

import java.util.List;
import java.util.UUID;

/** The runs a run is compared with: the recent completed ones, and the user's pinned one if any. */
public record BaselineHistory(List<Sample> recent, Sample pinned) {

    public BaselineHistory {
        recent = List.copyOf(recent);
    }

    public static BaselineHistory empty() {
        return new BaselineHistory(List.of(), null);
    }

    /** The denormalized summary columns of one earlier run. */
    public record Sample(UUID runId, Double avgResponseTimeMs, Double p95ResponseTimeMs, Double errorRate,
                         Double throughputRps, Integer vusMax) {
    }
}
