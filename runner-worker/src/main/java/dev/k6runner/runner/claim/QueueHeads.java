package dev.k6runner.runner.claim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.k6runner.platform.queue.FairOrder;
import dev.k6runner.platform.queue.QueuedRun;
import dev.k6runner.platform.queue.TeamLoad;

/**
 * The fair choice of the next run, under the claim lock: each team that has queued runs, with its weight, its
 * running limit, the slots it holds (its running runs) and its oldest queued run, chosen by {@link FairOrder#next}.
 */
final class QueueHeads {

    /**
     * Serialises claims across runners, so no two choose by the same counts. Held to the end of the claim's
     * transaction, and released with it, whatever happens to the runner. The value is "k6RunCla" in ASCII.
     */
    static final String CLAIM_LOCK = "SELECT pg_advisory_xact_lock(7725166237226165089)";

    /*
     * Index probes only: per team, its oldest queued run (runs_queued_team_submitted, in FIFO order) and the
     * count of its running runs (runs_running_team). Teams without a queued run drop out at the lateral join.
     */
    private static final String HEADS = """
            SELECT t.id AS team_id, t.weight, t.max_running_runs,
                   (SELECT count(*) FROM runs r WHERE r.team_id = t.id AND r.status = 'running') AS running,
                   head.id AS head_id, head.submitted_at AS head_submitted_at
            FROM teams t
            CROSS JOIN LATERAL (SELECT q.id, q.submitted_at FROM runs q WHERE q.team_id = t.id AND q.status = 'queued'
                                ORDER BY q.submitted_at, q.id LIMIT 1) head""";

    private final JdbcClient jdbc;

    QueueHeads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Call inside the claim's transaction. @return the run to claim; empty when no team with queued runs may start one */
    Optional<UUID> lockAndChoose() {
        jdbc.sql(CLAIM_LOCK).query((rs, n) -> 1).list();
        List<TeamLoad> teams = new ArrayList<>();
        List<QueuedRun> heads = new ArrayList<>();
        jdbc.sql(HEADS).query(rs -> {
            String team = rs.getString("team_id");
            teams.add(new TeamLoad(team, rs.getInt("weight"), rs.getObject("max_running_runs", Integer.class),
                    (int) rs.getLong("running")));
            heads.add(new QueuedRun(rs.getObject("head_id", UUID.class), team, rs.getTimestamp("head_submitted_at").toInstant()));
        });
        return FairOrder.next(teams, heads).map(QueuedRun::id);
    }
}
