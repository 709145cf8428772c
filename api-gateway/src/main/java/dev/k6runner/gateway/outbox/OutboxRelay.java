package dev.k6runner.gateway.outbox;

import java.sql.Timestamp;
import java.util.ArrayList;
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
import dev.k6runner.model.RunStatus;
import dev.k6runner.model.Topic;
import dev.k6runner.platform.kafka.EventCodec;
import dev.k6runner.platform.logging.RunMdc;

/**
 * Publishes unpublished runs ({@code published_at IS NULL}) as {@code RunRequested}, then marks them
 * published, in one transaction that locks only its batch ({@code FOR UPDATE SKIP LOCKED}), so
 * several gateway replicas share the work and a crash between send and mark only duplicates a
 * record: the runner's conditional claim turns the duplicate into nothing.
 */
@Component
class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final long SEND_TIMEOUT_SECONDS = 15;

    private record Pending(UUID id, String teamId, String name, Timestamp submittedAt, String status, String traceparent) {
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

    /** Publishes one batch; @return how many rows it settled (0 = nothing left or Kafka unavailable) */
    int publishBatch() {
        Integer settled = transactions.execute(status -> {
            List<Pending> batch = jdbc.sql("""
                    SELECT id, team_id, name, submitted_at, status, traceparent FROM runs
                    WHERE published_at IS NULL ORDER BY submitted_at LIMIT ? FOR UPDATE SKIP LOCKED""")
                    .param(batchSize).query(Pending.class).list();
            if (batch.isEmpty()) {
                return 0;
            }
            List<UUID> published = send(batch);
            if (!published.isEmpty()) {
                jdbc.sql("UPDATE runs SET published_at = now(), publish_attempts = publish_attempts + 1 WHERE id = ANY(?)")
                        .param(published.toArray(UUID[]::new)).update();
            }
            return published.size();
        });
        return settled == null ? 0 : settled;
    }

    /** @return the ids now on Kafka, plus those that need no record (cancelled before publishing) */
    private List<UUID> send(List<Pending> batch) {
        List<UUID> settled = new ArrayList<>();
        List<UUID> sentIds = new ArrayList<>();
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (Pending run : batch) {
            if (RunStatus.fromWire(run.status()) != RunStatus.QUEUED) {
                settled.add(run.id());
                continue;
            }
            try {
                String value = codec.encode(new RunRequested(run.id(), run.teamId(), run.name(), run.submittedAt().toInstant()));
                sends.add(trace.sendIn(run.traceparent(), () -> kafka.send(Topic.RUNS_REQUESTED.topicName(), run.id().toString(), value)));
                sentIds.add(run.id());
            } catch (RuntimeException e) {
                log.warn("Kafka refused a record, {} runs stay unpublished until it is back: {}", batch.size(), e.getMessage());
                break;
            }
        }
        for (int i = 0; i < sends.size(); i++) {
            try {
                sends.get(i).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                settled.add(sentIds.get(i));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                try (var _ = RunMdc.open(sentIds.get(i))) {
                    log.warn("publishing RunRequested failed; the run stays in the outbox: {}", e.getMessage());
                }
            }
        }
        return settled;
    }
}
