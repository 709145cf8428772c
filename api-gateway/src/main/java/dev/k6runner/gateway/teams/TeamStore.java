package dev.k6runner.gateway.teams;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Teams and their hashed keys. */
@Repository
public class TeamStore {

    private final JdbcClient jdbc;

    TeamStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Team(String id, String name, int maxActiveRuns, Instant createdAt, Instant disabledAt) {
    }

    record KeyInfo(UUID id, String teamId, String label, Instant createdAt, Instant revokedAt) {
    }

    /** The team of an active key of an active team. */
    Optional<String> teamOfKey(byte[] keyHash) {
        return jdbc.sql("""
                SELECT k.team_id FROM api_keys k JOIN teams t ON t.id = k.team_id
                WHERE k.key_hash = ? AND k.revoked_at IS NULL AND t.disabled_at IS NULL""")
                .param(keyHash).query(String.class).optional();
    }

    boolean createTeam(String id, String name, int maxActiveRuns) {
        return jdbc.sql("INSERT INTO teams (id, name, max_active_runs) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING")
                .params(id, name, maxActiveRuns).update() == 1;
    }

    boolean updateQuota(String id, int maxActiveRuns) {
        return jdbc.sql("UPDATE teams SET max_active_runs = ? WHERE id = ?").params(maxActiveRuns, id).update() == 1;
    }

    /** Disables the team and revokes all its keys; its runs are kept. */
    boolean disableTeam(String id) {
        jdbc.sql("UPDATE api_keys SET revoked_at = now() WHERE team_id = ? AND revoked_at IS NULL").param(id).update();
        return jdbc.sql("UPDATE teams SET disabled_at = coalesce(disabled_at, now()) WHERE id = ?").param(id).update() == 1;
    }

    Optional<Team> team(String id) {
        return jdbc.sql("SELECT id, name, max_active_runs, created_at, disabled_at FROM teams WHERE id = ?")
                .param(id).query(Team.class).optional();
    }

    List<Team> teams() {
        return jdbc.sql("SELECT id, name, max_active_runs, created_at, disabled_at FROM teams ORDER BY id")
                .query(Team.class).list();
    }

    UUID addKey(String teamId, byte[] hash, String label) {
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO api_keys (id, team_id, key_hash, label) VALUES (?, ?, ?, ?)")
                .params(id, teamId, hash, label).update();
        return id;
    }

    List<KeyInfo> keys(String teamId) {
        return jdbc.sql("SELECT id, team_id, label, created_at, revoked_at FROM api_keys WHERE team_id = ? ORDER BY created_at")
                .param(teamId).query(KeyInfo.class).list();
    }

    boolean revokeKey(String teamId, UUID keyId) {
        return jdbc.sql("UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = ? AND team_id = ?")
                .params(keyId, teamId).update() == 1;
    }
}
