package dev.k6runner.runner;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import dev.k6runner.model.RunRequested;
import dev.k6runner.model.Topic;
import dev.k6runner.platform.kafka.EventCodec;
import dev.k6runner.testsupport.SharedKafka;

/** What the gateway would do (store a queued run, publish RunRequested), and reads of what the runner did. */
public record RunnerFixture(JdbcClient jdbc, KafkaTemplate<String, String> kafka, EventCodec codec) {

    /** A submission as the gateway stores it; {@code bundleSha256} names a stored bundle, null for a lone script. */
    public record Request(String script, Integer vus, String duration, Integer iterations, Map<String, String> env,
                   Map<String, String> tags, long timeoutSeconds, String bundleSha256) {
        public Request(String script, Integer vus, String duration, Integer iterations, Map<String, String> env,
                       Map<String, String> tags, long timeoutSeconds) {
            this(script, vus, duration, iterations, env, tags, timeoutSeconds, null);
        }

        public static Request of(String script) {
            return new Request(script, null, null, null, Map.of(), Map.of(), 120);
        }

        public Request withEnv(Map<String, String> newEnv) {
            return new Request(script, vus, duration, iterations, newEnv, tags, timeoutSeconds, bundleSha256);
        }

        Request withTags(Map<String, String> newTags) {
            return new Request(script, vus, duration, iterations, env, newTags, timeoutSeconds, bundleSha256);
        }

        Request withOverrides(Integer newVus, String newDuration, Integer newIterations) {
            return new Request(script, newVus, newDuration, newIterations, env, tags, timeoutSeconds, bundleSha256);
        }

        Request withTimeout(long seconds) {
            return new Request(script, vus, duration, iterations, env, tags, seconds, bundleSha256);
        }

        /** Stored with the run's row, as the gateway does: a runner that claims the run at once finds the bundle. */
        Request withBundle(String sha256) {
            return new Request(script, vus, duration, iterations, env, tags, timeoutSeconds, sha256);
        }
    }

    public UUID store(String name, Request request) {
        return store(name, request, null);
    }

    /** As the gateway stores a run submitted inside a trace: the row carries the submission's traceparent. */
    public UUID store(String name, Request request, String traceparent) {
        UUID id = UUID.randomUUID();
        for (int attempt = 1; ; attempt++) {
            try {
                insert(id, name, request, traceparent);
                return id;
            } catch (DuplicateKeyException e) {
                // a run given back to the queue took the same backlog slot meanwhile, as the gateway's intake retries
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private void insert(UUID id, String name, Request request, String traceparent) {
        jdbc.sql("""
                        INSERT INTO runs (id, team_id, name, status, script, vus, duration, iterations, env, tags,
                                          timeout_seconds, submitted_at, published_at, traceparent, bundle_sha256, queue_slot)
                        VALUES (:id, 'default', :name, 'queued', :script, :vus, :duration, :iterations,
                                CAST(:env AS jsonb), CAST(:tags AS jsonb), :timeout, now(), now(), :traceparent, :bundle,
                                (SELECT coalesce(max(queue_slot), -1) + 1 FROM runs WHERE team_id = 'default' AND status = 'queued'))""")
                .param("id", id).param("name", name).param("script", request.script())
                .param("vus", request.vus()).param("duration", request.duration()).param("iterations", request.iterations())
                .param("env", codec.encode(request.env())).param("tags", codec.encode(request.tags()))
                .param("timeout", request.timeoutSeconds()).param("traceparent", traceparent)
                .param("bundle", request.bundleSha256())
                .update();
    }

    /**
     * A run that a runner claimed earlier under a fresh attempt, written in that state at once: stored queued and
     * then updated, it could be claimed by the runner in between (an idle runner claims from the database).
     */
    public UUID storeHeld(String name, Request request, String status, String runnerId) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO runs (id, team_id, name, status, script, timeout_seconds, submitted_at, published_at,
                                          runner_id, attempt_id, started_at, lease_expires_at)
                        VALUES (:id, 'default', :name, :status, :script, :timeout, now(), now(), :runner, :attempt,
                                now() - interval '5 seconds',
                                CASE WHEN :status = 'running' THEN now() + interval '1 minute' END)""")
                .param("id", id).param("name", name).param("status", status).param("script", request.script())
                .param("timeout", request.timeoutSeconds()).param("runner", runnerId).param("attempt", UUID.randomUUID())
                .update();
        return id;
    }

    void publish(UUID id, String name) throws Exception {
        kafka.send(Topic.RUNS_REQUESTED.topicName(), id.toString(), codec.encode(new RunRequested(id, "default", name, Instant.now())))
                .get(30, TimeUnit.SECONDS);
    }

    /**
     * As the gateway's relay does inside a trace: RunRequested with a W3C traceparent header, from a plain producer.
     * The run's row carries the same traceparent ({@link #store(String, Request, String)}).
     */
    void publishInTrace(UUID id, String name, String traceparent) throws Exception {

        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(Topic.RUNS_REQUESTED.topicName(), id.toString(),
                    codec.encode(new RunRequested(id, "default", name, Instant.now())));
            record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(30, TimeUnit.SECONDS);
        }
    }

    public UUID submit(String name, Request request) throws Exception {
        UUID id = store(name, request);
        publish(id, name);
        return id;
    }

    public String status(UUID id) {
        return jdbc.sql("SELECT status FROM runs WHERE id = :id").param("id", id).query(String.class).single();
    }

    public void awaitStatus(UUID id, String status, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> status.equals(status(id)));
    }

    public Optional<Map<String, Object>> result(UUID id) {
        return jdbc.sql("SELECT outcome, outcome_reason, k6_exit_code, raw_summary, console_output, digest::text AS digest, "
                        + "attempt_id, runner_id FROM run_results WHERE run_id = :id")
                .param("id", id).query().listOfRows().stream().findFirst();
    }

    public Map<String, Object> run(UUID id) {
        return jdbc.sql("SELECT status, status_reason, k6_exit_code, runner_id, attempt_id, started_at, finished_at, "
                        + "progress::text AS progress, lease_expires_at FROM runs WHERE id = :id")
                .param("id", id).query().singleRow();
    }

    public long requestsSoFar(UUID id) {
        List<Long> requests = jdbc.sql("SELECT COALESCE((progress->>'requests')::bigint, 0) FROM runs WHERE id = :id")
                .param("id", id).query(Long.class).list();
        return requests.isEmpty() ? 0 : requests.getFirst();
    }
}
