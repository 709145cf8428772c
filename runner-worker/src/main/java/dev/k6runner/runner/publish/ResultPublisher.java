package dev.k6runner.runner.publish;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import org.springframework.stereotype.Component;

import dev.k6runner.model.RunFinished;
import dev.k6runner.model.RunTransition;
import dev.k6runner.model.Topic;
import dev.k6runner.platform.kafka.EventCodec;
import dev.k6runner.runner.RunnerMetrics;

/**
 * Stores a result and moves the run {@code running → analyzing} in one transaction, conditional on this
 * attempt still holding the run; then announces it on {@code k6.runs.finished}. A result of a dead attempt
 * (its lease expired and the run was interrupted) changes nothing and is refused.
 */
@Component
public final class ResultPublisher {

    private static final Logger log = LoggerFactory.getLogger(ResultPublisher.class);
    /** About 45 s of retries in all (1, 2, 4, 8, then every 10 s): a database blip outlasts none of them. */
    private static final int STORE_ATTEMPTS = 8;
    private static final long LONGEST_PAUSE_SECONDS = 10;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, String> kafka;
    private final EventCodec codec;
    private final RunnerMetrics metrics;

    public ResultPublisher(JdbcClient jdbc, TransactionTemplate transactions, KafkaTemplate<String, String> kafka,
                           EventCodec codec, RunnerMetrics metrics) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.kafka = kafka;
        this.codec = codec;
        this.metrics = metrics;
    }

    /** @return false when the result was refused (a late result of a dead attempt) or could not be stored */
    public boolean publish(RunFinished result) throws InterruptedException {
        if (!storeWithRetries(result)) {
            metrics.resultRefused();
            log.warn("result refused: attempt {} no longer holds the run (its lease expired); nothing published", result.attemptId());
            return false;
        }
        try {
            kafka.send(Topic.RUNS_FINISHED.topicName(), result.runId().toString(), codec.encode(result))
                    .get(30, TimeUnit.SECONDS);
            log.info("run ended {} ({}), result published", result.outcome().wireName(), result.statusReason());
        } catch (Exception e) {
            // the run row says analyzing and run_results holds everything: the analyzer rebuilds from Postgres
            log.warn("result stored but RunFinished not confirmed by Kafka: {}", e.toString());
        }
        return true;
    }

    private boolean storeWithRetries(RunFinished result) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return Boolean.TRUE.equals(transactions.execute(status -> store(result)));
            } catch (DataAccessException | TransactionException e) {
                // A transaction that cannot begin, or whose rollback meets a closed connection, is a
                // TransactionException, not a DataAccessException: both mean the database is away for now.
                if (attempt == STORE_ATTEMPTS) {
                    log.error("result could not be stored after {} attempts; kept in the results folder only", attempt, e);
                    return false;
                }
                log.warn("storing the result failed (attempt {}), retrying: {}", attempt, e.getMessage());
                Thread.sleep(Duration.ofSeconds(Math.min(1L << (attempt - 1), LONGEST_PAUSE_SECONDS)));
            }
        }
    }

    private boolean store(RunFinished result) {
        int moved = jdbc.sql(RunTransition.PUBLISH.render("""
                        UPDATE runs SET status = {to}, status_reason = :reason, k6_exit_code = :exit,
                               finished_at = :finished, lease_expires_at = NULL
                        WHERE id = :id AND attempt_id = :attempt AND status = {from}"""))
                .param("reason", result.statusReason())
                .param("exit", result.k6ExitCode())
                .param("finished", Timestamp.from(result.finishedAt()))
                .param("id", result.runId())
                .param("attempt", result.attemptId())
                .update();
        if (moved == 0) {
            return false;
        }
        jdbc.sql("""
                        INSERT INTO run_results (run_id, attempt_id, runner_id, outcome, outcome_reason, k6_exit_code,
                                                 raw_summary, console_output, digest)
                        VALUES (:id, :attempt, :runner, :outcome, :reason, :exit, :summary, :console, CAST(:digest AS jsonb))""")
                .param("id", result.runId())
                .param("attempt", result.attemptId())
                .param("runner", result.runnerId())
                .param("outcome", result.outcome().wireName())
                .param("reason", result.statusReason())
                .param("exit", result.k6ExitCode())
                .param("summary", result.rawSummary())
                .param("console", result.consoleOutput())
                .param("digest", result.digest() == null ? null : codec.encode(result.digest()))
                .update();
        return true;
    }
}
