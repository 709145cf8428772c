package dev.k6runner.gateway.query;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.k6runner.platform.queue.FairOrder;
import dev.k6runner.platform.queue.TeamLoad;
import dev.k6runner.platform.queue.TeamQueue;

/**
 * The exact queue position of a run just accepted, for the {@code 202}: {@link FairOrder#position} from each
 * team's aggregates, read in one statement (so one database snapshot, taken after the run's commit): the
 * queued and running counts that V21's triggers keep per team, the team's weight and running limit, and how
 * many of each team's queued runs were submitted after the run. A new run is the newest of its team's FIFO, so
 * those are only the submissions racing it, a short index range; nothing reads or orders the whole queue, and
 * submissions do not wait for {@link QueuePositions}' snapshot of it, which the clock they move makes stale.
 */
@Component
public class ArrivalPositions {

    /*
     * The run's own row, then per team with queued runs its counts (at most 16 rows each) and the runs after it.
     * The run is read by its id alone, materialized, so its status check cannot be pushed into the read: with
     * status = 'queued' beside the id, a planner without statistics reads it from the queued runs' index
     * (id is that index's last column: a walk of the whole queue) instead of the primary key.
     */
    private static final String TEAMS_AROUND_A_RUN = """
            WITH own AS MATERIALIZED (
                SELECT id, team_id, submitted_at, status FROM runs WHERE id = :id
            ), counts AS (
                SELECT team_id, sum(queued) AS queued, sum(running) AS running FROM queue_counts
                GROUP BY team_id HAVING sum(queued) > 0
            )
            SELECT t.id AS team_id, t.weight, t.max_running_runs AS max_running, c.queued, c.running,
                   (SELECT count(*) FROM runs q WHERE q.team_id = t.id AND q.status = 'queued'
                      AND (q.submitted_at, q.id) > (own.submitted_at, own.id)) AS later,
                   t.id = own.team_id AS own_team
            FROM own CROSS JOIN counts c JOIN teams t ON t.id = c.team_id
            WHERE own.status = 'queued'""";

    private final JdbcClient jdbc;

    ArrivalPositions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return 1 for the run that starts next; empty when the run is not queued (any more) */
    public OptionalLong positionOf(UUID id) {
        List<TeamQueue> teams = new ArrayList<>();
        String[] ownTeam = {null};
        jdbc.sql(TEAMS_AROUND_A_RUN).param("id", id).query(rs -> {
            String team = rs.getString("team_id");
            boolean own = rs.getBoolean("own_team");
            long queued = rs.getLong("queued");
            // the runs before it: all the team's queued runs but those after it (and, in its own team, itself)
            long before = queued - rs.getLong("later") - (own ? 1 : 0);
            teams.add(new TeamQueue(new TeamLoad(team, rs.getInt("weight"), rs.getObject("max_running", Integer.class),
                    Math.toIntExact(rs.getLong("running"))), queued, before));
            if (own) {
                ownTeam[0] = team;
            }
        });
        return ownTeam[0] == null ? OptionalLong.empty() : OptionalLong.of(FairOrder.position(teams, ownTeam[0]));
    }
}
