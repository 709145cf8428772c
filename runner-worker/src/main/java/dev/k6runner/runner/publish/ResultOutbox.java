package dev.k6runner.runner.publish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

import dev.k6runner.model.RunFinished;
import dev.k6runner.platform.kafka.EventCodec;
import dev.k6runner.runner.RunnerMetrics;
import dev.k6runner.runner.RunnerProperties;

/**
 * The one way a finished result, a single run's or a segment's, reaches Postgres without being lost: first kept
 * durably on the runner's disk ({@link DurableFile}, in {@code <K6_RESULTS_DIR>/<run-id>/}), then tried until the
 * database answers, without a limit ({@link ResultPublishingProperties}); the copy is removed once Postgres answered
 * and the readable files are written ({@link ResultArchive#write}). A copy left by a stopped or killed runner is
 * replayed at its next start ({@link ResultReplay}).
 */
@Component
public final class ResultOutbox {

    private static final Logger log = LoggerFactory.getLogger(ResultOutbox.class);
    static final String UNPUBLISHED = "unpublished-result.json";

    private final Path root;
    private final EventCodec codec;
    private final RunnerMetrics metrics;
    private final ResultPublishingProperties retries;

    public ResultOutbox(RunnerProperties properties, EventCodec codec, RunnerMetrics metrics, ResultPublishingProperties retries) {
        this.root = properties.resultsDir().toAbsolutePath();
        this.codec = codec;
        this.metrics = metrics;
        this.retries = retries;
    }

    /** A single run's copy is {@code unpublished-result.json}; segment i's {@code unpublished-segment-i-result.json}. */
    Path copyOf(RunFinished result) {
        Path folder = root.resolve(result.runId().toString());
        return result.segment() == null ? folder.resolve(UNPUBLISHED)
                : folder.resolve("unpublished-segment-" + result.segment().index() + "-result.json");
    }

    /**
     * Stores the result durably before it is published. A disk that refuses it (full, read-only) does not stop the
     * publishing: the result then depends on the database alone.
     */
    public void keep(PendingResult pending) {
        try {
            DurableFile.write(copyOf(pending.result()), codec.encode(pending));
        } catch (IOException | RuntimeException e) {
            log.error("could not store the finished result on disk before publishing it: {}", e.toString());
        }
    }

    /**
     * Tries {@code oneTry} (one transaction) until the database answers: a database error, or a transaction that
     * cannot begin or roll back, means it is away for now. Meanwhile the run stays held, so its lease is renewed.
     */
    public <A> A untilAnswered(RunFinished result, Supplier<A> oneTry) throws InterruptedException {
        Duration pause = retries.firstPause();
        for (int attempt = 1; ; attempt++) {
            try {
                return oneTry.get();
            } catch (DataAccessException | TransactionException e) {
                metrics.resultStoreRetried();
                log.warn("storing the result{} failed (attempt {}), retrying in {} ms; it is safe on disk: {}",
                        result.segment() == null ? "" : " of segment " + result.segment().index(), attempt,
                        pause.toMillis(), e.getMessage());
                Thread.sleep(pause);
                pause = retries.after(pause);
            }
        }
    }

    /** Counts and logs what is the same for every kind of result: the refusals. @return whether it was accepted */
    public boolean answered(RunFinished result, StoreAnswer answer) {
        switch (answer) {
            case STORED -> { }
            case STORED_BEFORE -> log.info("result was stored before (replayed after a restart): nothing to do");
            case ORPHANED -> {
                metrics.resultRefused();
                metrics.resultOrphaned();
                log.warn("result refused: attempt {} no longer holds the {} (its lease expired); kept in orphan_results",
                        result.attemptId(), result.segment() == null ? "run" : "segment " + result.segment().index());
            }
            case ORPHANED_BEFORE -> log.info("result was kept as an orphan before (replayed after a restart)");
        }
        return answer.accepted();
    }

    /** The results kept by {@link #keep} that Postgres has not answered for yet, oldest first. */
    List<PendingResult> pending() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> folders = Files.list(root)) {
            return folders.filter(Files::isDirectory).flatMap(ResultOutbox::copiesIn)
                    .flatMap(file -> read(file).stream())
                    .sorted(Comparator.comparing(pending -> pending.result().finishedAt()))
                    .toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            log.error("could not list the stored results in {}: {}", root, e.toString());
            return List.of();
        }
    }

    private static Stream<Path> copiesIn(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> {
                String name = file.getFileName().toString();
                return name.startsWith("unpublished-") && name.endsWith("result.json") && Files.isRegularFile(file);
            }).toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Optional<PendingResult> read(Path file) {
        try {
            String json = Files.readString(file, StandardCharsets.UTF_8);
            PendingResult pending = codec.decode(json, PendingResult.class);
            // a copy written before segments had one held the bare result
            return Optional.of(pending.result() != null ? pending : PendingResult.of(codec.decode(json, RunFinished.class)));
        } catch (IOException | RuntimeException e) {
            // written durably and atomically, so this is damage from outside: left in place for the operator
            log.error("stored result {} is unreadable, not replayed: {}", file, e.toString());
            return Optional.empty();
        }
    }

    /** Removes the copy once Postgres answered for it, durably, so a replay after a crash does not find it again. */
    void remove(RunFinished result) throws IOException {
        DurableFile.delete(copyOf(result));
    }
}
