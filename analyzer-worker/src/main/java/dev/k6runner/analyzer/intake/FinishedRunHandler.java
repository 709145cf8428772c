package dev.k6runner.analyzer.intake;

import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.k6runner.analyzer.analysis.AnalysisInput;
import dev.k6runner.analyzer.finish.RunFinisher;
import dev.k6runner.analyzer.segments.SegmentResults;
import dev.k6runner.analyzer.store.RunRepository;
import dev.k6runner.analyzer.store.RunState;
import dev.k6runner.model.RunFinished;
import dev.k6runner.model.RunStatus;
import dev.k6runner.platform.kafka.EventCodec;
import dev.k6runner.platform.logging.RunMdc;

/**
 * One RunFinished: guard clauses first (unknown run, already finished, another attempt's result),
 * then analyze and finish. Idempotent: a second delivery finds the run no longer analyzing.
 */
@Component
class FinishedRunHandler {

    private static final Logger log = LoggerFactory.getLogger(FinishedRunHandler.class);

    private final EventCodec codec;
    private final RunRepository runs;
    private final RunFinisher finisher;
    private final SegmentResults segments;

    FinishedRunHandler(EventCodec codec, RunRepository runs, RunFinisher finisher, SegmentResults segments) {
        this.segments = segments;
        this.codec = codec;
        this.runs = runs;
        this.finisher = finisher;
    }

    RunFinisher.Result handle(String json) {
        RunFinished event = decode(json);
        try (var _ = RunMdc.open(event.runId())) {
            Optional<RunState> found = runs.findState(event.runId());
            if (found.isEmpty()) {
                log.debug("run is not in this database; skipped");
                return RunFinisher.Result.UNKNOWN_RUN;
            }
            RunState run = found.get();
            if (run.status() != RunStatus.ANALYZING) {
                log.info("run is {} already; duplicate RunFinished skipped", run.status().wireName());
                return RunFinisher.Result.NOT_ANALYZING;
            }
            if (!event.attemptId().equals(run.attemptId()) || !event.attemptId().equals(run.resultAttemptId())) {
                log.info("RunFinished of attempt {} but the run holds attempt {}; refused", event.attemptId(), run.attemptId());
                return RunFinisher.Result.ATTEMPT_MISMATCH;
            }
            if (event.segment() != null) {
                // a test on several runners: its last segment ended; the segments' results are merged first
                event = segments.merged(event);
            }
            AnalysisInput input = new AnalysisInput(run.runId(), run.teamId(), run.name(), event.outcome(),
                    event.statusReason(), event.k6ExitCode(), event.rawSummary(), event.consoleOutput(), event.digest());
            return finisher.finish(run, input, event.finishedAt() == null ? Instant.now() : event.finishedAt());
        }
    }

    private RunFinished decode(String json) {
        if (json == null) {
            throw new PoisonMessageException("unreadable", "empty message", null);
        }
        RunFinished event;
        try {
            event = codec.decode(json, RunFinished.class);
        } catch (EventCodec.UnreadableEventException e) {
            throw new PoisonMessageException("unreadable", e.getMessage(), e);
        }
        String impossible = impossibility(event);
        if (impossible != null) {
            throw new PoisonMessageException("impossible_content", impossible, null);
        }
        return event;
    }

    private static String impossibility(RunFinished event) {
        if (event == null || event.runId() == null || event.attemptId() == null) {
            return "run id or attempt id missing";
        }
        if (event.outcome() == null || !event.outcome().isTerminal()) {
            return "outcome " + event.outcome() + " is not a terminal status";
        }
        if (event.k6ExitCode() != null && (event.k6ExitCode() < 0 || event.k6ExitCode() > 255)) {
            return "k6 exit code " + event.k6ExitCode() + " is outside 0..255";
        }
        if (event.startedAt() != null && event.finishedAt() != null && event.finishedAt().isBefore(event.startedAt())) {
            return "finished before it started";
        }
        return null;
    }
}
