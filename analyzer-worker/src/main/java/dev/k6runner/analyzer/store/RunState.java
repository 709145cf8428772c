package dev.k6runner.analyzer.store;

import java.time.Instant;
import java.util.UUID;

import dev.k6runner.model.RunStatus;

/** What the guards need of a run: who owns it, where it stands, which attempt's result is stored. */
public record RunState(UUID runId, String teamId, String name, RunStatus status, UUID attemptId,
                       UUID resultAttemptId, Instant submittedAt) {
}
