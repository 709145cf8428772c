package dev.k6runner.runner.claim;

import java.time.Instant;
import java.util.UUID;

import dev.k6runner.model.RunSpec;

/** A run this runner now holds under {@code attemptId}: the spec as stored, read by the claim itself. */
public record ClaimedRun(UUID runId, UUID attemptId, String teamId, RunSpec spec, Instant submittedAt, Instant startedAt) {
}
