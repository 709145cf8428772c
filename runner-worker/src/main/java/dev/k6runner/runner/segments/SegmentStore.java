package dev.k6runner.runner.segments;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import dev.k6runner.model.LiveThresholds;
import dev.k6runner.model.RunFinished;
import dev.k6runner.model.RunStatus;
import dev.k6runner.platform.kafka.EventCodec;
import dev.k6runner.runner.publish.OrphanResults;
import dev.k6runner.runner.publish.StoreAnswer;

/**
 * The segments of tests on several runners, in {@code run_segments}: each segment's result, taken only from the
 * runner that holds it ({@code running}, same attempt), so a duplicate changes nothing and a late result of a dead
 * segment is only kept as an orphan; the stop of the others when one ends badly; and the test's end when its last segment ends
 * ({@link SegmentEnd}).
 */
@Repository
public class SegmentStore {

    /** What Postgres did with a segment's result, and the test's end when this result was its last segment's. */
    public record Finished(StoreAnswer answer, Optional<RunFinished> end) {
    }

    /**
     * A segment this runner must stop: another of its test's segments broke, or (byThresholds) a threshold with
     * abortOnFail was crossed on the test's merged data.
     */
    public record StopRequest(UUID runId, int index, String reason, boolean byThresholds) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final EventCodec codec;
    private final SegmentEnd end;
    private final OrphanResults orphans;

    public SegmentStore(JdbcClient jdbc, TransactionTemplate transactions, EventCodec codec) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.codec = codec;
        this.end = new SegmentEnd(jdbc);
        this.orphans = new OrphanResults(jdbc, codec);
    }

    /**
     * Stores a segment's result; when it ended badly by itself, asks the others to stop; when it was the last one
     * live, ends the test ({@code running → analyzing}).
     *
     * @return stored, with the test's end when this result ended it; stored before (a replayed copy); or, when the
     *         attempt no longer held the segment (declared dead), kept in {@code orphan_results}
     */
    public Finished finish(RunFinished result, Instant k6StartedAt) {
        return transactions.execute(status -> {
            Optional<Boolean> stoppedForOther = jdbc.sql("""
                            UPDATE run_segments SET state = 'finished', outcome = :outcome, k6_exit_code = :exit,
                                   result = CAST(:result AS jsonb), k6_started_at = :k6Started, finished_at = now(),
                                   broke_test = (stop_reason IS NULL AND CAST(:outcome AS text) <> 'completed')
                            WHERE run_id = :run AND index = :index AND attempt_id = :attempt AND state = 'running'
                            RETURNING stop_reason IS NOT NULL AS stopped""")
                    .param("outcome", result.outcome().wireName()).param("exit", result.k6ExitCode())
                    .param("result", codec.encode(result))
                    .param("k6Started", k6StartedAt == null ? null : Timestamp.from(k6StartedAt))
                    .param("run", result.runId()).param("index", result.segment().index())
                    .param("attempt", result.attemptId())
                    .query(Boolean.class).optional();
            if (stoppedForOther.isEmpty()) {
                return new Finished(storedBefore(result) ? StoreAnswer.STORED_BEFORE : orphans.keep(result), Optional.empty());
            }
            if (result.outcome() != RunStatus.COMPLETED && !stoppedForOther.get()) {
                stopOthers(result.runId(), "segment " + result.segment().index() + " ended " + result.outcome().wireName());
            }
            return new Finished(StoreAnswer.STORED, end.ifLast(result.runId(), result.runnerId()));
        });
    }

    /** Only the attempt that held a segment finishes it ({@link #sweepDead} makes the others interrupted). */
    private boolean storedBefore(RunFinished result) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM run_segments
                                       WHERE run_id = ? AND index = ? AND attempt_id = ? AND state = 'finished')""")
                .params(result.runId(), result.segment().index(), result.attemptId()).query(Boolean.class).single();
    }

    /**
     * Segments whose runner stopped renewing their lease (it died, or lost the database) become interrupted, and
     * their tests' other segments are stopped. Any runner may do it: the updates are conditional.
     *
     * @return the tests this ended (their last live segment was a dead one)
     */
    public List<RunFinished> sweepDead(String sweeper) {
        return transactions.execute(status -> {
            List<Dead> dead = jdbc.sql("""
                            UPDATE run_segments SET state = 'interrupted', outcome = 'interrupted', finished_at = now(),
                                   broke_test = (stop_reason IS NULL),
                                   stop_reason = coalesce(stop_reason, 'its runner stopped renewing the lease')
                            WHERE state IN ('assigned', 'running') AND lease_expires_at < now()
                            RETURNING run_id, index, runner_id""")
                    .query((rs, n) -> new Dead(rs.getObject("run_id", UUID.class), rs.getInt("index"), rs.getString("runner_id")))
                    .list();
            dead.forEach(d -> stopOthers(d.runId(), "segment " + d.index() + "'s runner " + d.runnerId() + " died"));
            return dead.stream().map(Dead::runId).distinct()
                    .flatMap(run -> end.ifLast(run, sweeper).stream()).toList();
        });
    }

    private record Dead(UUID runId, int index, String runnerId) {
    }

    private void stopOthers(UUID runId, String why) {
        jdbc.sql("""
                        UPDATE run_segments SET stop_reason = :why
                        WHERE run_id = :run AND state IN ('assigned', 'running') AND stop_reason IS NULL""")
                .param("why", why).param("run", runId).update();
    }

    /** A segment this runner holds: it runs here now. */
    public record Held(UUID runId, int index) {

        String key() {
            return runId + ":" + index;
        }
    }

    /** Keeps alive the segments assigned here and not yet taken, and those running here that this runner holds. */
    public void renew(String runnerId, Duration lease, List<Held> held) {
        jdbc.sql("""
                        UPDATE run_segments SET lease_expires_at = clock_timestamp() + make_interval(secs => :lease)
                        WHERE runner_id = :runner
                          AND (state = 'assigned' OR (state = 'running' AND run_id::text || ':' || index = ANY (CAST(:held AS text[]))))""")
                .param("lease", lease.toMillis() / 1000.0).param("runner", runnerId)
                .param("held", held.stream().map(Held::key).toArray(String[]::new)).update();
    }

    /** A running segment's abortOnFail thresholds and its folds of their metrics so far (only its attempt's). */
    public void publishLive(UUID runId, int index, UUID attemptId, LiveThresholds live) {
        jdbc.sql("""
                        UPDATE run_segments SET live_thresholds = CAST(:live AS jsonb)
                        WHERE run_id = :run AND index = :index AND attempt_id = :attempt AND state = 'running'""")
                .param("live", codec.encode(live)).param("run", runId).param("index", index).param("attempt", attemptId)
                .update();
    }

    /** Whether a segment waits here to be taken (an index probe, before any slot is touched). */
    public boolean hasAssigned(String runnerId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM run_segments WHERE runner_id = ? AND state = 'assigned')")
                .param(runnerId).query(Boolean.class).single();
    }

    /** The segments running here that must stop. */
    public List<StopRequest> stopsFor(String runnerId) {
        return jdbc.sql("""
                        SELECT run_id, index, stop_reason, stopped_by_thresholds FROM run_segments
                        WHERE runner_id = ? AND state = 'running' AND stop_reason IS NOT NULL""")
                .param(runnerId)
                .query((rs, n) -> new StopRequest(rs.getObject("run_id", UUID.class), rs.getInt("index"),
                        rs.getString("stop_reason"), rs.getBoolean("stopped_by_thresholds")))
                .list();
    }
}
