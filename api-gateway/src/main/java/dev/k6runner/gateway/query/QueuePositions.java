package dev.k6runner.gateway.query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.k6runner.platform.queue.FairOrder;
import dev.k6runner.platform.queue.QueuedRun;
import dev.k6runner.platform.queue.TeamLoad;

/**
 * Exact queue positions: the order in which the runners would start the queued runs ({@link FairOrder#order}),
 * for the queue as it stood at one moment. The order is kept as a snapshot tagged with the queue clock, which
 * every change of the queue (a run entering or leaving queued or running, a team's limit or weight) moves in its
 * own transaction. A poll reads the clock with the run's row ({@link #CLOCK}); the snapshot is recomputed only when
 * the clock has moved past it, once for all the polls waiting meanwhile.
 */
@Component
public class QueuePositions {

    /** The queue clock, as a column of the statement that reads a run: read only for queued runs. */
    static final String CLOCK = "CASE WHEN r.status = 'queued' THEN (SELECT sum(ticks)::bigint FROM queue_clock) END AS queue_clock";

    /*
     * One statement, so one database snapshot: the clock, the teams with queued runs and the slots they hold, and
     * every queued run. Each team's running count is the runner slots its running runs hold, as the runners' claim
     * counts them: a test on N runners holds N.
     */
    private static final String QUEUE = """
            SELECT 'clock' AS kind, NULL::uuid AS id, NULL::text AS team_id, NULL::timestamptz AS submitted_at,
                   NULL::integer AS weight, NULL::integer AS max_running, sum(ticks)::bigint AS number FROM queue_clock
            UNION ALL
            SELECT 'team', NULL, t.id, NULL, t.weight, t.max_running_runs,
                   (SELECT coalesce(sum(r.runners), 0) FROM runs r WHERE r.team_id = t.id AND r.status = 'running')
            FROM teams t WHERE EXISTS (SELECT 1 FROM runs q WHERE q.team_id = t.id AND q.status = 'queued')
            UNION ALL
            SELECT 'run', id, team_id, submitted_at, NULL, NULL, NULL FROM runs WHERE status = 'queued'""";

    private record Snapshot(long clock, Map<UUID, Integer> positions) {
    }

    private final JdbcClient jdbc;
    private volatile Snapshot snapshot = new Snapshot(Long.MIN_VALUE, Map.of());

    QueuePositions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * 1 for the run that starts next.
     *
     * @param clock the queue clock read with the run's row: a snapshot at least this new answers
     * @return empty when the run has left the queue since that read (the caller reads it again)
     */
    public OptionalLong positionOf(UUID id, long clock) {
        Integer position = current(clock).positions().get(id);
        return position == null ? OptionalLong.empty() : OptionalLong.of(position);
    }

    private Snapshot current(long clock) {
        Snapshot queue = snapshot;
        if (queue.clock() >= clock) {
            return queue;
        }
        synchronized (this) {
            queue = snapshot;
            if (queue.clock() < clock) {
                queue = read();
                snapshot = queue;
            }
            return queue;
        }
    }

    private Snapshot read() {
        long[] clock = {Long.MIN_VALUE};
        List<TeamLoad> teams = new ArrayList<>();
        List<QueuedRun> queued = new ArrayList<>();
        jdbc.sql(QUEUE).query(rs -> {
            switch (rs.getString("kind")) {
                case "clock" -> clock[0] = rs.getLong("number");
                case "team" -> teams.add(team(rs));
                default -> queued.add(new QueuedRun(rs.getObject("id", UUID.class), rs.getString("team_id"),
                        rs.getTimestamp("submitted_at").toInstant()));
            }
        });
        List<QueuedRun> order = FairOrder.order(teams, queued);
        Map<UUID, Integer> positions = HashMap.newHashMap(order.size());
        for (int index = 0; index < order.size(); index++) {
            positions.put(order.get(index).id(), index + 1);
        }
        return new Snapshot(clock[0], positions);
    }

    private static TeamLoad team(ResultSet rs) throws SQLException {
        return new TeamLoad(rs.getString("team_id"), rs.getInt("weight"), rs.getObject("max_running", Integer.class),
                (int) rs.getLong("number"));
    }
}
