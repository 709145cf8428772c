package dev.k6runner.analyzer.finish;

import java.time.Instant;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import dev.k6runner.analyzer.analysis.AnalysisInput;
import dev.k6runner.analyzer.analysis.RunAnalysis;
import dev.k6runner.analyzer.store.AnalysisStore;
import dev.k6runner.analyzer.store.RunRepository;
import dev.k6runner.analyzer.store.RunState;
import dev.k6runner.analyzer.telemetry.AnalyzerTelemetry;
import dev.k6runner.platform.logging.RunMdc;

/** Analyzes a run and stores the result: from an event, from run_results (sweeper), or again (re-analysis). */
@Service
public class RunFinisher {

    private static final Logger log = LoggerFactory.getLogger(RunFinisher.class);

    /** What became of a request to finish or re-analyze a run. */
    public enum Result { FINISHED, REANALYZED, UNKNOWN_RUN, NOT_ANALYZING, ATTEMPT_MISMATCH, NOT_TERMINAL, LOST_RACE }

    private final AnalysisPipeline pipeline;
    private final AnalysisStore store;
    private final RunRepository runs;
    private final AnalyzerTelemetry telemetry;

    RunFinisher(AnalysisPipeline pipeline, AnalysisStore store, RunRepository runs, AnalyzerTelemetry telemetry) {
        this.pipeline = pipeline;
        this.store = store;
        this.runs = runs;
        this.telemetry = telemetry;
    }

    public Result finish(RunState run, AnalysisInput input, Instant finishedAt) {
        try (var _ = RunMdc.open(run.runId())) {
            RunAnalysis analysis = pipeline.analyze(run, input);
            if (!store.finish(run, input.outcome(), input.statusReason(), input.k6ExitCode(), finishedAt, analysis)) {
                log.info("run was finished by someone else meanwhile; analysis discarded");
                return Result.LOST_RACE;
            }
            telemetry.runFinished(input.outcome(), run.teamId());
            telemetry.latestResult(run.name(), analysis);
            log.info("run finished as {}: severity {}, {} anomalies, analyzer {}", input.outcome().wireName(),
                    analysis.document().severity().wireName(), analysis.document().anomalies().size(),
                    analysis.document().analyzer());
            return Result.FINISHED;
        }
    }

    /** Recomputes metrics and anomalies of a finished run from run_results; its status stays as it is. */
    public Result reanalyze(UUID runId) {
        try (var _ = RunMdc.open(runId)) {
            var stored = runs.loadStored(runId);
            if (stored.isEmpty()) {
                return Result.UNKNOWN_RUN;
            }
            if (!stored.get().state().status().isTerminal()) {
                return Result.NOT_TERMINAL;
            }
            RunAnalysis analysis = pipeline.analyze(stored.get().state(), stored.get().input());
            boolean replaced = store.replace(stored.get().state(), analysis);
            log.info("re-analysis {}: severity {}", replaced ? "stored" : "skipped", analysis.document().severity().wireName());
            return replaced ? Result.REANALYZED : Result.NOT_TERMINAL;
        }
    }
}
