package dev.k6runner.analyzer.store;

import java.time.Instant;

import dev.k6runner.analyzer.analysis.AnalysisInput;

/** A run rebuilt from run_results (the sweeper and re-analysis read this instead of the event). */
public record StoredRun(RunState state, AnalysisInput input, Instant storedAt) {
}
