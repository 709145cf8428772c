package dev.k6runner.runner.publish;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.k6runner.model.RunFinished;
import dev.k6runner.model.Topic;
import dev.k6runner.platform.kafka.EventCodec;

/**
 * Hands a single run's finished result to Postgres and the analyzer, and never loses it: through the
 * {@link ResultOutbox} (on disk first, then stored in one transaction by {@link ResultStore}, tried until the database
 * answers; while it retries the run stays among the runs this runner holds, so the heartbeat keeps renewing its
 * lease). When the database answers, either the run was still this attempt's (stored, then announced on
 * {@code k6.runs.finished}), or the reaper had interrupted it: the result is kept as an orphan.
 */
@Component
public final class ResultPublisher implements ResultDestination {

    private static final Logger log = LoggerFactory.getLogger(ResultPublisher.class);
    private final ResultStore store;
    private final ResultOutbox outbox;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, String> kafka;
    private final EventCodec codec;

    public ResultPublisher(JdbcClient jdbc, TransactionTemplate transactions, KafkaTemplate<String, String> kafka,
                           EventCodec codec, ResultOutbox outbox) {
        this.store = new ResultStore(jdbc, codec);
        this.outbox = outbox;
        this.transactions = transactions;
        this.kafka = kafka;
        this.codec = codec;
    }

    /**
     * Stores the result on disk first, then publishes it.
     *
     * @return false when the run was no longer this attempt's and the result was kept as an orphan
     * @throws InterruptedException on shutdown while the database was away: the disk copy is replayed at start
     */
    public boolean publish(RunFinished result) throws InterruptedException {
        PendingResult pending = PendingResult.of(result);
        outbox.keep(pending);
        return publishStored(pending);
    }

    @Override
    public boolean takes(PendingResult pending) {
        return pending.result().segment() == null;
    }

    @Override
    public boolean publishStored(PendingResult pending) throws InterruptedException {
        RunFinished result = pending.result();
        StoreAnswer answer = outbox.untilAnswered(result, () -> transactions.execute(status -> store.apply(result)));
        if (answer == StoreAnswer.STORED) {
            announce(result);
        }
        return outbox.answered(result, answer);
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
