package dev.k6runner.gateway.cancel;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import dev.k6runner.gateway.cancel.CancelController.CancelAccepted;
import dev.k6runner.gateway.web.ApiProblem;
import dev.k6runner.model.RunCancelRequested;
import dev.k6runner.model.RunStatus;
import dev.k6runner.model.RunTransition;
import dev.k6runner.model.Topic;
import dev.k6runner.platform.kafka.EventCodec;
import dev.k6runner.platform.logging.RunMdc;

/**
 * A queued run is cancelled by a conditional update and never starts. A running run gets
 * {@code cancel_requested_at}, which its runner reads on every heartbeat; the control message is
 * only the fast path, so a lost message delays a cancel but never loses it.
 */
@Component
class Cancellation {

    private static final Logger log = LoggerFactory.getLogger(Cancellation.class);

    private final JdbcClient jdbc;
    private final KafkaTemplate<String, String> kafka;
    private final EventCodec codec;

    Cancellation(JdbcClient jdbc, KafkaTemplate<String, String> kafka, EventCodec codec) {
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.codec = codec;
    }

    CancelAccepted cancel(String teamId, UUID id) {
        try (var _ = RunMdc.open(id)) {
            Optional<Instant> queued = jdbc.sql(RunTransition.CANCEL_QUEUED.render("""
                    UPDATE runs SET status = {to}, status_reason = 'cancelled by the user before it started',
                           cancel_requested_at = now(), finished_at = now()
                    WHERE id = ? AND team_id = ? AND status = {from} RETURNING cancel_requested_at"""))
                    .params(id, teamId).query(Instant.class).optional();
            if (queued.isPresent()) {
                log.info("queued run cancelled");
                return new CancelAccepted(id, RunTransition.CANCEL_QUEUED.to().wireName(), queued.get());
            }
            Optional<Instant> running = jdbc.sql("""
                    UPDATE runs SET cancel_requested_at = coalesce(cancel_requested_at, now())
                    WHERE id = ? AND team_id = ? AND status = 'running' RETURNING cancel_requested_at""")
                    .params(id, teamId).query(Instant.class).optional();
            if (running.isPresent()) {
                tellRunners(id, teamId, running.get());
                return new CancelAccepted(id, RunStatus.RUNNING.wireName(), running.get());
            }
            throw whyNot(teamId, id);
        }
    }

    private void tellRunners(UUID id, String teamId, Instant requestedAt) {
        String value = codec.encode(new RunCancelRequested(id, teamId, requestedAt));
        // Off the request thread: with Kafka down, send() may block for max.block.ms.
        Thread.ofVirtual().name("cancel-" + id).start(() -> {
            try (var _ = RunMdc.open(id)) {
                kafka.send(Topic.RUNS_CONTROL.topicName(), id.toString(), value).get();
            } catch (Exception e) {
                try (var _ = RunMdc.open(id)) {
                    log.warn("cancel message not sent; the runner will see the request on its next heartbeat: {}", e.getMessage());
                }
            }
        });
        log.info("cancel requested for a running run");
    }

    private ApiProblem whyNot(String teamId, UUID id) {
        RunStatus status = jdbc.sql("SELECT status FROM runs WHERE id = ? AND team_id = ?").params(id, teamId)
                .query(String.class).optional().map(RunStatus::fromWire)
                .orElseThrow(() -> ApiProblem.notFound("no test run " + id));
        String detail = status == RunStatus.ANALYZING
                ? "k6 has already ended; the run is being analysed and can no longer be cancelled"
                : "the run has already finished as '" + status.wireName() + "'";
        return ApiProblem.of(HttpStatus.CONFLICT, "already-finished", "Run already finished", detail);
    }
}
