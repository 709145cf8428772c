package dev.k6runner.gateway.query;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Collectors;

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
     * The runs' own rows (a group commit's batch: one statement for all of them), then per run and team with
     * queued runs the team's counts (at most 16 rows each) and the team's runs after the run.
     * The run is read by its id alone, materialized, so its status check cannot be pushed into the read: with
     * status = 'queued' beside the id, a planner without statistics reads it from the queued runs' index
     * (id is that index's last column: a walk of the whole queue) instead of the primary key.
     */
    private static final String TEAMS_AROUND_A_RUN = """
            WITH own AS MATERIALIZED (
                SELECT id, team_id, submitted_at, status FROM runs WHERE id = ANY(CAST(string_to_array(:ids, ',') AS uuid[]))
            ), counts AS (
                SELECT team_id, sum(queued) AS queued, sum(running) AS running FROM queue_counts
                GROUP BY team_id HAVING sum(queued) > 0
            )
            SELECT own.id AS run_id, t.id AS team_id, t.weight, t.max_running_runs AS max_running, c.queued, c.running,
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
        Long position = positionsOf(List.of(id)).get(id);
        return position == null ? OptionalLong.empty() : OptionalLong.of(position);
    }

    /** @return the position of each run still queued, read in one statement (one snapshot) for all of them */
    public Map<UUID, Long> positionsOf(Collection<UUID> ids) {
        Map<UUID, List<TeamQueue>> teamsOfRun = new HashMap<>();
        Map<UUID, String> ownTeam = new HashMap<>();
        String joined = ids.stream().map(UUID::toString).collect(Collectors.joining(","));
        jdbc.sql(TEAMS_AROUND_A_RUN).param("ids", joined).query(rs -> {
            UUID run = rs.getObject("run_id", UUID.class);
            String team = rs.getString("team_id");
            boolean own = rs.getBoolean("own_team");
            long queued = rs.getLong("queued");
            // the runs before it: all the team's queued runs but those after it (and, in its own team, itself)
            long before = queued - rs.getLong("later") - (own ? 1 : 0);
            teamsOfRun.computeIfAbsent(run, any -> new ArrayList<>()).add(new TeamQueue(new TeamLoad(team, rs.getInt("weight"),
                    rs.getObject("max_running", Integer.class), Math.toIntExact(rs.getLong("running"))), queued, before));
            if (own) {
                ownTeam.put(run, team);
            }
        });
        Map<UUID, Long> positions = HashMap.newHashMap(ownTeam.size());
        ownTeam.forEach((run, team) -> positions.put(run, FairOrder.position(teamsOfRun.get(run), team)));
        return positions;
    }
}
