package dev.k6runner.analyzer.sweep;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.k6runner.analyzer.finish.RunFinisher;
import dev.k6runner.analyzer.store.RunRepository;
import dev.k6runner.analyzer.store.StoredRun;
import dev.k6runner.model.RunStatus;

/**
 * Finishes runs stuck in {@code analyzing}: their RunFinished was lost or dead-lettered, but the
 * runner stored the same content in run_results first. Racing the listener is harmless: finishing
 * is conditional on the run still analyzing.
 */
@Component
public class StuckAnalysisSweeper {

    private static final Logger log = LoggerFactory.getLogger(StuckAnalysisSweeper.class);

    private final RunRepository runs;
    private final RunFinisher finisher;
    private final SweeperProperties properties;

    StuckAnalysisSweeper(RunRepository runs, RunFinisher finisher, SweeperProperties properties) {
        this.runs = runs;
        this.finisher = finisher;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${k6runner.analyzer.sweeper.interval:30s}",
            initialDelayString = "${k6runner.analyzer.sweeper.interval:30s}")
    public int sweep() {
        int finished = 0;
        for (UUID runId : runs.stuckAnalyzing(properties.stuckAfter(), properties.batchSize())) {
            try {
                finished += finishStored(runId) ? 1 : 0;
            } catch (RuntimeException e) {
                log.warn("sweep could not finish run {}: {}", runId, e.toString());
            }
        }
        return finished;
    }

    private boolean finishStored(UUID runId) {
        StoredRun stored = runs.loadStored(runId).orElse(null);
        if (stored == null || stored.state().status() != RunStatus.ANALYZING
                || !java.util.Objects.equals(stored.state().resultAttemptId(), stored.state().attemptId())) {
            return false;
        }
        log.info("run {} was analyzing since {}; finishing it from run_results", runId, stored.storedAt());
        return finisher.finish(stored.state(), stored.input(), stored.storedAt()) == RunFinisher.Result.FINISHED;
    }
}
