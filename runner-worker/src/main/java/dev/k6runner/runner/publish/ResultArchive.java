package dev.k6runner.runner.publish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import dev.k6runner.model.RunFinished;
import dev.k6runner.runner.RunnerProperties;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each run's outcome on disk, in {@code <K6_RESULTS_DIR>/<run-id>/} (a segment's in {@code <run-id>/segment-<i>/}). Before anything is published the outbox keeps
 * the whole result there ({@link ResultOutbox}). Once Postgres has answered for it (stored, or kept as an orphan),
 * the readable files: {@code result.json}, {@code summary-export.json} (k6's, byte for byte) and {@code console.log}
 * (the kept tail); then the outbox's copy is removed.
 */
@Component
public final class ResultArchive {

    private static final Logger log = LoggerFactory.getLogger(ResultArchive.class);
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Path root;
    private final ResultOutbox outbox;

    public ResultArchive(RunnerProperties properties, ResultOutbox outbox) {
        this.root = properties.resultsDir();
        this.outbox = outbox;
    }

    public Path folder(java.util.UUID runId) {
        return root.toAbsolutePath().resolve(runId.toString());
    }

    /**
     * Where this result's readable files go: its run's folder, or for one segment of a test on several runners
     * {@code <run-id>/segment-<index>/} inside it. Two segments of one test may run on one host, or on runners that
     * share a K6_RESULTS_DIR (local mode), and must not overwrite each other's files; inside the run's folder they
     * go with it when the retention deletes it.
     */
    public Path folder(RunFinished result) {
        Path run = folder(result.runId());
        return result.segment() == null ? run : run.resolve("segment-" + result.segment().index());
    }

    /**
     * The readable files, once Postgres answered for the result; then the unpublished copy goes.
     *
     * @param accepted false when the run was no longer this attempt's: the result was kept as an orphan
     */
    public void write(RunFinished result, boolean accepted) {
        Path folder = folder(result);
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("result.json"), JSON.writeValueAsString(document(result, accepted)), StandardCharsets.UTF_8);
            if (result.rawSummary() != null) {
                Files.writeString(folder.resolve("summary-export.json"), result.rawSummary(), StandardCharsets.UTF_8);
            }
            Files.writeString(folder.resolve("console.log"), result.consoleOutput() == null ? "" : result.consoleOutput(), StandardCharsets.UTF_8);
            outbox.remove(result);
        } catch (IOException | RuntimeException e) {
            log.warn("could not keep the result files in {}: {}", folder, e.toString());
        }
    }

    private static Map<String, Object> document(RunFinished result, boolean accepted) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("run_id", result.runId().toString());
        document.put("attempt_id", result.attemptId().toString());
        document.put("runner_id", result.runnerId());
        document.put("outcome", result.outcome().wireName());
        document.put("status_reason", result.statusReason());
        document.put("k6_exit_code", result.k6ExitCode());
        document.put("started_at", result.startedAt().toString());
        document.put("finished_at", result.finishedAt().toString());
        document.put("duration_seconds", Duration.between(result.startedAt(), result.finishedAt()).toMillis() / 1000.0);
        document.put("published", accepted ? "accepted" : "refused (the attempt no longer held the run): kept in orphan_results");
        document.put("digest", result.digest());
        return document;
    }
}
