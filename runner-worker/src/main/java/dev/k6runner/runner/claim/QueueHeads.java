package dev.k6runner.runner.claim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
                   (SELECT coalesce(sum(r.runners), 0) FROM runs r WHERE r.team_id = t.id AND r.status = 'running') AS running,
                   head.id AS head_id, head.submitted_at AS head_submitted_at, head.runners AS head_runners
            FROM teams t
            CROSS JOIN LATERAL (SELECT q.id, q.submitted_at, q.runners FROM runs q WHERE q.team_id = t.id AND q.status = 'queued'
                                ORDER BY q.submitted_at, q.id LIMIT 1) head""";

    /** The run chosen, and how many segments (runner slots) it needs at once. */
    record Head(UUID runId, String teamId, int runners) {
    }

    private final JdbcClient jdbc;

    QueueHeads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Call inside the claim's transaction. @return the run to claim; empty when no team with queued runs may start one */
    Optional<UUID> lockAndChoose() {
        return lockAndChoose(Set.of()).map(Head::runId);
    }

    /**
     * As above, leaving out the teams in {@code passedOver}: a team whose head needs more slots at once than are free
     * now (a test on several runners) waits as one run, holding nothing, and the next team in fair order goes.
     * Running counts are slots: a running test on N runners holds N.
     */
    Optional<Head> lockAndChoose(Set<String> passedOver) {
        jdbc.sql(CLAIM_LOCK).query((rs, n) -> 1).list();
        List<TeamLoad> teams = new ArrayList<>();
        List<QueuedRun> heads = new ArrayList<>();
        Map<UUID, Integer> runners = new HashMap<>();
        jdbc.sql(HEADS).query(rs -> {
            String team = rs.getString("team_id");
            if (passedOver.contains(team)) {
                return;
            }
            teams.add(new TeamLoad(team, rs.getInt("weight"), rs.getObject("max_running_runs", Integer.class),
                    (int) rs.getLong("running")));
            UUID head = rs.getObject("head_id", UUID.class);
            heads.add(new QueuedRun(head, team, rs.getTimestamp("head_submitted_at").toInstant()));
            runners.put(head, rs.getInt("head_runners"));
        });
        return FairOrder.next(teams, heads).map(run -> new Head(run.id(), run.teamId(), runners.get(run.id())));
    }
}
