package dev.k6runner.gateway.outbox;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.k6runner.gateway.GatewayProperties;
import dev.k6runner.model.RunRequested;
import dev.k6runner.model.Topic;
import dev.k6runner.platform.kafka.EventCodec;
import dev.k6runner.platform.logging.RunMdc;

/**
 * Publishes unpublished runs as {@code RunRequested}: marks them published and sends them in one transaction,
 * and takes the mark back from any whose send failed, so a crash between send and commit only duplicates a
 * record: the runner's conditional claim turns the duplicate into nothing. Runs come two ways: by the ids a
 * commit of this gateway handed over (a primary-key update, no lock besides its own), or by the sweep, which
 * reads the oldest unpublished queued runs and locks only those ({@code FOR UPDATE SKIP LOCKED}), so several
 * gateway replicas share rows left by a crash or an outage. The mark is heap-only (V25): no index reads
 * {@code published_at}.
 */
@Component
class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final long SEND_TIMEOUT_SECONDS = 15;

    /** The runs of a commit still unpublished (a run cancelled or claimed meanwhile was settled by V25's trigger). */
    static final String MARK_COMMITTED = """
            UPDATE runs SET published_at = now(), publish_attempts = publish_attempts + 1
            WHERE id = ANY(?) AND published_at IS NULL
            RETURNING id, team_id, name, submitted_at, traceparent""";

    /** Unpublished runs are queued ones (V25), so the sweep reads the queue, never the whole table. */
    static final String MARK_SWEPT = """
            WITH due AS (SELECT id FROM runs WHERE status = 'queued' AND published_at IS NULL
                         ORDER BY submitted_at LIMIT ? FOR UPDATE SKIP LOCKED)
            UPDATE runs SET published_at = now(), publish_attempts = publish_attempts + 1 FROM due
            WHERE runs.id = due.id
            RETURNING runs.id, runs.team_id, runs.name, runs.submitted_at, runs.traceparent""";

    private static final String UNMARK =
            "UPDATE runs SET published_at = NULL, publish_attempts = publish_attempts - 1 WHERE id = ANY(?)";

    private record Pending(UUID id, String teamId, String name, Timestamp submittedAt, String traceparent) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, String> kafka;
    private final EventCodec codec;
    private final RelayTrace trace;
    private final int batchSize;

    OutboxRelay(JdbcClient jdbc, TransactionTemplate transactions, KafkaTemplate<String, String> kafka,
                EventCodec codec, RelayTrace trace, GatewayProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.kafka = kafka;
        this.codec = codec;
        this.trace = trace;
        this.batchSize = properties.relay().batchSize();
    }

    /** Publishes the runs a commit handed over; @return how many it sent */
    int publishCommitted(List<UUID> ids) {
        return ids.isEmpty() ? 0 : publish(MARK_COMMITTED, ids.toArray(UUID[]::new));
    }

    /** Publishes one batch of the sweep; @return how many it sent (0 = nothing left or Kafka unavailable) */
    int publishBatch() {
        return publish(MARK_SWEPT, batchSize);
    }

    private int publish(String mark, Object parameter) {
        Integer sent = transactions.execute(status -> {
            List<Pending> batch = new ArrayList<>(jdbc.sql(mark).param(parameter).query(Pending.class).list());
            if (batch.isEmpty()) {
                return 0;
            }
            batch.sort(Comparator.comparing(Pending::submittedAt));
            List<UUID> unsent = send(batch);
            if (!unsent.isEmpty()) {
                jdbc.sql(UNMARK).param(unsent.toArray(UUID[]::new)).update();
            }
            return batch.size() - unsent.size();
        });
        return sent == null ? 0 : sent;
    }

    /** @return the ids not on Kafka: refused, failed or timed out, and all after a refusal */
    private List<UUID> send(List<Pending> batch) {
        List<UUID> unsent = new ArrayList<>();
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (Pending run : batch) {
            if (!unsent.isEmpty()) {
                unsent.add(run.id());
                continue;
            }
            try {
                String value = codec.encode(new RunRequested(run.id(), run.teamId(), run.name(), run.submittedAt().toInstant()));
                sends.add(trace.sendIn(run.traceparent(), () -> kafka.send(Topic.RUNS_REQUESTED.topicName(), run.id().toString(), value)));
            } catch (RuntimeException e) {
                log.warn("Kafka refused a record, {} runs stay unpublished until it is back: {}", batch.size() - sends.size(), e.getMessage());
                unsent.add(run.id());
            }
        }
        for (int i = 0; i < sends.size(); i++) {
            UUID id = batch.get(i).id();
            try {
                sends.get(i).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing; the batch stays in the outbox", e);
            } catch (Exception e) {
                unsent.add(id);
                try (var _ = RunMdc.open(id)) {
                    log.warn("publishing RunRequested failed; the run stays in the outbox: {}", e.getMessage());
                }
            }
        }
        return unsent;
    }
}
