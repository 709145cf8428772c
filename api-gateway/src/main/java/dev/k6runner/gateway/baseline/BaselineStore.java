package dev.k6runner.gateway.baseline;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A test name's pinned baseline run (table {@code baselines}), one per team and name. */
@Repository
class BaselineStore {

    record Pinned(UUID testId, String name, Instant pinnedAt) {
    }

    private final JdbcClient jdbc;

    BaselineStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Pins the run as its name's baseline, replacing an earlier pin; empty unless the team's run is completed. */
    Optional<Pinned> pin(String teamId, UUID runId) {
        return jdbc.sql("""
                INSERT INTO baselines (team_id, name, run_id)
                SELECT team_id, name, id FROM runs WHERE id = ? AND team_id = ? AND status = 'completed'
                ON CONFLICT (team_id, name) DO UPDATE SET run_id = excluded.run_id, pinned_at = now()
                RETURNING run_id AS test_id, name, pinned_at""")
                .params(runId, teamId).query(Pinned.class).optional();
    }

    /** @return whether the run was its name's pinned baseline */
    boolean unpin(String teamId, UUID runId) {
        return jdbc.sql("DELETE FROM baselines WHERE team_id = ? AND run_id = ?").params(teamId, runId).update() > 0;
    }

    /** The run's status as stored; empty when the team has no such run. */
    Optional<String> status(String teamId, UUID runId) {
        return jdbc.sql("SELECT status FROM runs WHERE id = ? AND team_id = ?").params(runId, teamId)
                .query(String.class).optional();
    }
}
