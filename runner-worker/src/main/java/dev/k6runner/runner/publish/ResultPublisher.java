package dev.k6runner.runner.publish;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

import dev.k6runner.model.RunFinished;
import dev.k6runner.model.Topic;
import dev.k6runner.platform.kafka.EventCodec;
import dev.k6runner.runner.RunnerMetrics;
import dev.k6runner.runner.publish.ResultStore.Answer;

/**
 * Hands a finished result to Postgres and the analyzer, and never loses it. It is first stored on the runner's
 * disk ({@link ResultArchive#keepUnpublished}); then stored in one transaction ({@link ResultStore}), retried with
 * a bounded backoff ({@link ResultPublishingProperties}) for as long as the database does not answer, without giving up: while it retries the run
 * stays among the runs this runner holds, so the heartbeat keeps renewing its lease; on shutdown the disk copy is
 * replayed at the next start. When the database answers, either the run was still this attempt's (stored, then
 * announced on {@code k6.runs.finished}), or the reaper had interrupted it: the result is kept as an orphan.
 */
@Component
public final class ResultPublisher {

    private static final Logger log = LoggerFactory.getLogger(ResultPublisher.class);
    private final ResultStore store;
    private final ResultArchive archive;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, String> kafka;
    private final EventCodec codec;
    private final RunnerMetrics metrics;
    private final ResultPublishingProperties retries;

    public ResultPublisher(JdbcClient jdbc, TransactionTemplate transactions, KafkaTemplate<String, String> kafka,
                           EventCodec codec, RunnerMetrics metrics, ResultArchive archive, ResultPublishingProperties retries) {
        this.retries = retries;
        this.store = new ResultStore(jdbc, codec);
        this.archive = archive;
        this.transactions = transactions;
        this.kafka = kafka;
        this.codec = codec;
        this.metrics = metrics;
    }

    /**
     * Stores the result on disk first, then publishes it.
     *
     * @return false when the run was no longer this attempt's and the result was kept as an orphan
     * @throws InterruptedException on shutdown while the database was away: the disk copy is replayed at start
     */
    public boolean publish(RunFinished result) throws InterruptedException {
        archive.keepUnpublished(result);
        return publishStored(result);
    }

    /** Publishes a result already on disk (a replay). */
    boolean publishStored(RunFinished result) throws InterruptedException {
        Answer answer = storeUntilAnswered(result);
        switch (answer) {
            case STORED -> announce(result);
            case STORED_BEFORE -> log.info("result was stored before (replayed after a restart): nothing to do");
            case ORPHANED -> {
                metrics.resultRefused();
                metrics.resultOrphaned();
                log.warn("result refused: attempt {} no longer holds the run (its lease expired); kept in orphan_results",
                        result.attemptId());
            }
            case ORPHANED_BEFORE -> log.info("result was kept as an orphan before (replayed after a restart)");
        }
        return answer == Answer.STORED || answer == Answer.STORED_BEFORE;
    }

    private Answer storeUntilAnswered(RunFinished result) throws InterruptedException {
        Duration pause = retries.firstPause();
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.execute(status -> store.apply(result));
            } catch (DataAccessException | TransactionException e) {
                // A transaction that cannot begin, or whose rollback meets a closed connection, is a
                // TransactionException, not a DataAccessException: both mean the database is away for now.
                metrics.resultStoreRetried();
                log.warn("storing the result failed (attempt {}), retrying in {} ms; it is safe on disk: {}", attempt,
                        pause.toMillis(), e.getMessage());
                Thread.sleep(pause);
                pause = retries.after(pause);
            }
        }
    }

    private void announce(RunFinished result) {
        try {
            kafka.send(Topic.RUNS_FINISHED.topicName(), result.runId().toString(), codec.encode(result))
                    .get(30, TimeUnit.SECONDS);
            log.info("run ended {} ({}), result published", result.outcome().wireName(), result.statusReason());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("result stored; interrupted before Kafka confirmed RunFinished (the analyzer's sweep finishes it)");
        } catch (Exception e) {
            // the run row says analyzing and run_results holds everything: the analyzer rebuilds from Postgres
            log.warn("result stored but RunFinished not confirmed by Kafka: {}", e.toString());
        }
    }
}
