package dev.k6runner.analyzer.analysis;

import java.util.UUID;

import dev.k6runner.model.RunDigest;
import dev.k6runner.model.RunStatus;

/** Everything one analysis reads: the run's identity and what the runner stored about k6's end. */
public record AnalysisInput(
        UUID runId,
        String teamId,
        String name,
        RunStatus outcome,
        String statusReason,
        Integer k6ExitCode,
        String rawSummary,
        String consoleOutput,
        RunDigest digest) {
}
