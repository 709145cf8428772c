package dev.k6runner.runner.claim;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.stereotype.Component;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.k6runner.model.RunSpec;
import dev.k6runner.model.RunTransition;
import dev.k6runner.runner.RunnerProperties;

/**
 * The claim: {@code queued → running} in one conditional update that also reads the spec. Of two runners
 * that try the same run, exactly one gets a row back. {@link #claimNext()} chooses the run: the fairest
 * queued one (see {@link QueueHeads}), under a lock that serialises the choice across runners.
 */
@Component
public final class RunClaimer {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    /** A run cancelled between its choice and its claim is the only way a chosen run is gone; choose again. */
    private static final int MAX_CHOICES = 5;

    /** A claimed run, and the trace context its submission stored with it (null without one). */
    public record NextRun(ClaimedRun run, String traceparent) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final QueueHeads queue;
    private final String runnerId;
    private final Duration lease;

    public RunClaimer(JdbcClient jdbc, TransactionTemplate transactions, RunnerProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.queue = new QueueHeads(jdbc);
        this.runnerId = properties.id();
        this.lease = properties.leaseDuration();
    }

    /**
     * Claims the run that starts next under the fair-share policy, in one transaction holding the claim lock.
     *
     * @return empty when nothing queued may start (nothing queued, or every such team at its running limit)
     */
    public Optional<NextRun> claimNext() {
        return transactions.execute(status -> {
            for (int choice = 0; choice < MAX_CHOICES; choice++) {
                Optional<UUID> chosen = queue.lockAndChoose();
                if (chosen.isEmpty()) {
                    return Optional.<NextRun>empty();
                }
                Optional<NextRun> claimed = claimWithTrace(chosen.get());
                if (claimed.isPresent()) {
                    return claimed;
                }
            }
            return Optional.<NextRun>empty();
        });
    }

    /** @return the claimed run, or empty when it is not queued (taken, cancelled, unknown here) */
    public Optional<ClaimedRun> claim(UUID runId) {
        return claimWithTrace(runId).map(NextRun::run);
    }

    /**
     * {@code running → queued} for a run this runner claimed under {@code attemptId} and never started k6 for (its
     * host failed to prepare it, or the intake failed before the run reached a slot). The run keeps its submission
     * time, so it keeps its place in its team's line, and takes the lowest free backlog slot of its team: among
     * 0..n, with n its team's queued runs, one is free. A run whose cancel was asked stays with this runner, which
     * ends it as cancelled.
     *
     * @return false when the run is not this attempt's any more (reaped), or its cancel was asked
     */
    public boolean returnUnstarted(UUID runId, UUID attemptId) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbc.sql(RunTransition.RETURN_UNSTARTED.render(RETURN)).param("id", runId).param("attempt", attemptId)
                        .update() == 1;
            } catch (DuplicateKeyException e) {
                // a submission took the same slot meanwhile: the next statement sees it taken
                if (attempt == MAX_CHOICES) {
                    throw e;
                }
            }
        }
    }

    private static final String RETURN = """
            UPDATE runs SET status = {to}, runner_id = NULL, attempt_id = NULL, started_at = NULL, lease_expires_at = NULL,
                   progress = NULL, status_reason = NULL,
                   queue_slot = (SELECT min(candidate) FROM generate_series(0,
                                    (SELECT count(*) FROM runs q WHERE q.team_id = runs.team_id AND q.status = 'queued')) candidate
                                 WHERE NOT EXISTS (SELECT 1 FROM runs q WHERE q.team_id = runs.team_id AND q.status = 'queued'
                                                     AND q.queue_slot = candidate))
            WHERE id = :id AND attempt_id = :attempt AND status = {from} AND cancel_requested_at IS NULL""";

    /** The claim returns the submission's stored trace with the spec, so the claim lock is held for one statement. */
    private Optional<NextRun> claimWithTrace(UUID runId) {
        UUID attemptId = UUID.randomUUID();
        return jdbc.sql(RunTransition.CLAIM.render("""
                        UPDATE runs SET status = {to}, runner_id = :runner, attempt_id = :attempt, started_at = now(),
                               lease_expires_at = now() + make_interval(secs => :leaseSeconds), status_reason = NULL
                        FROM teams t
                        WHERE runs.id = :id AND runs.status = {from} AND t.id = runs.team_id
                        RETURNING runs.id, runs.team_id, script, runs.name, vus, duration, iterations, env::text AS env,
                                  tags::text AS tags, timeout_seconds, submitted_at, started_at,
                                  t.max_vus, t.max_duration_seconds, t.egress_allow, runs.traceparent"""))
                .param("runner", runnerId)
                .param("attempt", attemptId)
                .param("leaseSeconds", lease.toMillis() / 1000.0)
                .param("id", runId)
                .query((rs, row) -> new NextRun(toClaim(rs, attemptId), rs.getString("traceparent")))
                .optional();
    }

    private static ClaimedRun toClaim(ResultSet rs, UUID attemptId) throws SQLException {
        RunSpec spec = new RunSpec(
                rs.getString("script"),
                rs.getString("name"),
                (Integer) rs.getObject("vus"),
                rs.getString("duration"),
                (Integer) rs.getObject("iterations"),
                JSON.readValue(rs.getString("env"), STRING_MAP),
                JSON.readValue(rs.getString("tags"), STRING_MAP),
                rs.getLong("timeout_seconds"));
        ClaimedRun.TeamPolicy policy = new ClaimedRun.TeamPolicy((Integer) rs.getObject("max_vus"),
                (Long) rs.getObject("max_duration_seconds"), List.of((String[]) rs.getArray("egress_allow").getArray()));
        return new ClaimedRun(rs.getObject("id", UUID.class), attemptId, rs.getString("team_id"), spec,
                rs.getTimestamp("submitted_at").toInstant(), rs.getTimestamp("started_at").toInstant(), policy);
    }
}
