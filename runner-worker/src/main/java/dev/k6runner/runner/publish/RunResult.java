package dev.k6runner.runner.publish;

import java.time.Instant;
import java.util.UUID;

import dev.k6runner.model.RunDigest;
import dev.k6runner.model.RunFinished;
import dev.k6runner.model.RunStatus;

/** Everything a run ended with on this runner, before it is stored and published. */
public record RunResult(
        UUID runId,
        UUID attemptId,
        String runnerId,
        RunStatus outcome,
        String statusReason,
        Integer k6ExitCode,
        String rawSummary,
        String consoleOutput,
        RunDigest digest,
        Instant startedAt,
        Instant finishedAt) {

    public RunFinished toEvent() {
        return new RunFinished(runId, attemptId, runnerId, outcome, statusReason, k6ExitCode, rawSummary, consoleOutput,
                digest, startedAt, finishedAt);
    }
}
