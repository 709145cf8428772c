package dev.k6runner.gateway.teams;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.k6runner.model.K6Duration;

/** Teams and their hashed keys. */
@Repository
class TeamStore {

    private final JdbcClient jdbc;

    TeamStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A team as the admin calls show it. {@code maxRunningRuns}: a number, or "unlimited". {@code maxVus} and
     * {@code maxDuration} null: only the server's maximum applies; {@code egressAllow} empty: the team opens nothing
     * beyond the operator's policy.
     */
    record Team(String id, String name, Object maxRunningRuns, int maxQueuedRuns, int weight, Integer maxVus, String maxDuration, Long maxDurationSeconds,
                List<String> egressAllow, Instant createdAt, Instant disabledAt) {
    }

    /**
     * What an admin call sets. {@code maxRunning} (null: unlimited) is written on creation, and on a change only when
     * {@code setMaxRunning}; {@code maxQueued} and {@code weight} null: unchanged (the column's default on creation).
     * The other limits are written only where their {@code set…} flag is true, a null value then clearing the limit.
     */
    record Settings(boolean setMaxRunning, Integer maxRunning, Integer maxQueued, Integer weight, boolean setMaxVus, Integer maxVus, boolean setMaxDuration, Long maxDurationSeconds,
                    boolean setEgressAllow, List<String> egressAllow) {
    }

    private static final String TEAM_COLUMNS = "id, name, max_running_runs, max_queued_runs, weight, max_vus, max_duration_seconds, egress_allow, created_at, disabled_at";

    record KeyInfo(UUID id, String teamId, String label, Instant createdAt, Instant revokedAt) {
    }

    /** The caller of an active key of an active team, with the team's limits: one statement per key check. */
    Optional<Caller> callerOfKey(byte[] keyHash) {
        return jdbc.sql("""
                SELECT k.team_id, t.max_vus, t.max_duration_seconds FROM api_keys k JOIN teams t ON t.id = k.team_id
                WHERE k.key_hash = ? AND k.revoked_at IS NULL AND t.disabled_at IS NULL""")
                .param(keyHash).query((rs, n) -> caller(rs)).optional();
    }

    /** The team's caller with its limits; without limits when the team has no row. */
    Caller caller(String teamId) {
        return jdbc.sql("SELECT id AS team_id, max_vus, max_duration_seconds FROM teams WHERE id = ?")
                .param(teamId).query((rs, n) -> caller(rs)).optional().orElse(new Caller(teamId));
    }

    private static Caller caller(ResultSet rs) throws SQLException {
        return new Caller(rs.getString("team_id"), new Caller.Limits(rs.getObject("max_vus", Integer.class),
                rs.getObject("max_duration_seconds", Long.class)));
    }

    /** Creates the team with the given settings (unset limits: none); false when it exists, leaving it as it is. */
    boolean createTeam(String id, String name, Settings settings) {
        return jdbc.sql("""
                INSERT INTO teams (id, name, max_running_runs, max_queued_runs, weight, max_vus, max_duration_seconds, egress_allow)
                VALUES (:id, :name, CAST(:running AS integer), COALESCE(CAST(:queued AS integer), 1000),
                        COALESCE(CAST(:weight AS integer), 1), CAST(:vus AS integer), CAST(:duration AS bigint),
                        string_to_array(CAST(:egress AS text), ','))
                ON CONFLICT (id) DO NOTHING""")
                .param("id", id).param("name", name).param("running", settings.maxRunning())
                .param("queued", settings.maxQueued()).param("weight", settings.weight()).param("vus", settings.maxVus())
                .param("duration", settings.maxDurationSeconds()).param("egress", joined(settings.egressAllow()))
                .update() == 1;
    }

    /** Writes the settings that were given. Entries of an allow-list are checked host names or CIDRs: no commas. */
    boolean updateTeam(String id, Settings settings) {
        return jdbc.sql("""
                UPDATE teams SET
                    max_running_runs = CASE WHEN :setRunning THEN CAST(:running AS integer) ELSE max_running_runs END,
                    max_queued_runs = COALESCE(CAST(:queued AS integer), max_queued_runs),
                    weight = COALESCE(CAST(:weight AS integer), weight),
                    max_vus = CASE WHEN :setVus THEN CAST(:vus AS integer) ELSE max_vus END,
                    max_duration_seconds = CASE WHEN :setDuration THEN CAST(:duration AS bigint) ELSE max_duration_seconds END,
                    egress_allow = CASE WHEN :setEgress THEN string_to_array(CAST(:egress AS text), ',') ELSE egress_allow END
                WHERE id = :id""")
                .param("id", id).param("setRunning", settings.setMaxRunning()).param("running", settings.maxRunning())
                .param("queued", settings.maxQueued()).param("weight", settings.weight())
                .param("setVus", settings.setMaxVus()).param("vus", settings.maxVus())
                .param("setDuration", settings.setMaxDuration()).param("duration", settings.maxDurationSeconds())
                .param("setEgress", settings.setEgressAllow()).param("egress", joined(settings.egressAllow()))
                .update() == 1;
    }

    private static String joined(List<String> entries) {
        return entries == null ? "" : String.join(",", entries);
    }

    /** Disables the team and revokes all its keys; its runs are kept. */
    boolean disableTeam(String id) {
        jdbc.sql("UPDATE api_keys SET revoked_at = now() WHERE team_id = ? AND revoked_at IS NULL").param(id).update();
        return jdbc.sql("UPDATE teams SET disabled_at = coalesce(disabled_at, now()) WHERE id = ?").param(id).update() == 1;
    }

    Optional<Team> team(String id) {
        return jdbc.sql("SELECT " + TEAM_COLUMNS + " FROM teams WHERE id = ?").param(id).query((rs, n) -> team(rs)).optional();
    }

    List<Team> teams() {
        return jdbc.sql("SELECT " + TEAM_COLUMNS + " FROM teams ORDER BY id").query((rs, n) -> team(rs)).list();
    }

    private static Team team(ResultSet rs) throws SQLException {
        Long seconds = rs.getObject("max_duration_seconds", Long.class);
        Array egress = rs.getArray("egress_allow");
        Integer maxRunning = rs.getObject("max_running_runs", Integer.class);
        return new Team(rs.getString("id"), rs.getString("name"), maxRunning == null ? TeamSettings.UNLIMITED : maxRunning,
                rs.getInt("max_queued_runs"), rs.getInt("weight"),
                rs.getObject("max_vus", Integer.class), seconds == null ? null : K6Duration.format(Duration.ofSeconds(seconds)),
                seconds, egress == null ? List.of() : List.of((String[]) egress.getArray()),
                instant(rs, "created_at"), instant(rs, "disabled_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
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
