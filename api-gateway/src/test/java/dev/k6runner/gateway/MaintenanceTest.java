package dev.k6runner.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.micrometer.core.instrument.MeterRegistry;

class MaintenanceTest extends GatewayIntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void aRunWhoseLeaseExpiredBecomesInterruptedNamingItsRunner() {
        Team team = newTeam(20);
        Seeds.runner(jdbc, "runner-dead", true, Instant.parse("2026-01-01T10:00:00Z"));
        UUID id = Seeds.run(jdbc, team.id(), "r", "running", Instant.now());
        UUID healthy = Seeds.run(jdbc, team.id(), "r", "running", Instant.now());
        jdbc.sql("UPDATE runs SET runner_id = 'runner-dead', lease_expires_at = now() - interval '1 second' WHERE id = ?").param(id).update();
        jdbc.sql("UPDATE runs SET runner_id = 'runner-dead', lease_expires_at = now() + interval '1 hour' WHERE id = ?").param(healthy).update();
        double before = counter("k6runner.runs.interrupted");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(status(id)).isEqualTo("interrupted"));

        String reason = jdbc.sql("SELECT status_reason FROM runs WHERE id = ?").param(id).query(String.class).single();
        assertThat(reason).contains("runner-dead").contains("2026-01-01T10:00:00Z");
        assertThat(status(healthy)).isEqualTo("running");
        assertThat(counter("k6runner.runs.interrupted")).isGreaterThan(before);
    }

    @Test
    void aRunStillQueuedLongAfterPublishingIsPublishedAgain() {
        Team team = newTeam(20);
        UUID id = Seeds.run(jdbc, team.id(), "stuck", "queued", Instant.now());
        jdbc.sql("UPDATE runs SET published_at = now() - interval '1 hour', publish_attempts = 1 WHERE id = ?").param(id).update();
        Seeds.runner(jdbc, "runner-with-a-free-slot-" + UUID.randomUUID(), true, Instant.now());
        double before = counter("k6runner.runs.republished");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(jdbc.sql(
                "SELECT publish_attempts FROM runs WHERE id = ? AND published_at > now() - interval '1 minute'")
                .param(id).query(Integer.class).optional()).contains(2));

        assertThat(counter("k6runner.runs.republished")).isGreaterThan(before);
    }

    @Test
    void aLongBacklogIsRepublishedOnlyAsFastAsTheFleetHasFreeSlotsAndNotAtAllWhileEverySlotIsBusy() {
        Team team = newTeam(50);
        List<UUID> backlog = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            backlog.add(Seeds.run(jdbc, team.id(), "backlog-" + i, "queued", Instant.now()));
        }
        jdbc.sql("UPDATE runners SET busy = capacity").update();
        jdbc.sql("UPDATE runs SET published_at = now() - interval '1 hour', publish_attempts = 1 WHERE team_id = ?")
                .param(team.id()).update();

        // every slot busy: a record would only pile up in the share group, runners claim from the database anyway
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> republished(team) == 0);

        Seeds.runner(jdbc, "runner-one-free-slot-" + UUID.randomUUID(), true, Instant.now());
        long freed = System.nanoTime();
        await().atMost(Duration.ofSeconds(15)).until(() -> republished(team) > 0);
        long passes = Duration.ofNanos(System.nanoTime() - freed).toMillis() / 200 + 2;
        assertThat(republished(team)).as("one free slot: at most one run per maintenance pass").isLessThanOrEqualTo((int) passes)
                .isLessThan(backlog.size());
    }

    private int republished(Team team) {
        return jdbc.sql("SELECT count(*) FROM runs WHERE team_id = ? AND (published_at IS NULL OR publish_attempts > 1 "
                        + "OR published_at > now() - interval '1 minute')")
                .param(team.id()).query(Integer.class).single();
    }

    @Test
    void retentionDeletesOldRunsWithTheirResultsAndBackupsButKeepsLiveOnes() throws Exception {
        Team team = newTeam(20);
        Instant old = Instant.now().minus(31, ChronoUnit.DAYS);
        UUID expired = Seeds.run(jdbc, team.id(), "old", "completed", old);
        jdbc.sql("INSERT INTO run_results (run_id, attempt_id, outcome) VALUES (?, ?, 'completed')").params(expired, UUID.randomUUID()).update();
        Seeds.anomaly(jdbc, expired, team.id(), old, "slow_p95", "low");
        UUID oldButQueued = Seeds.run(jdbc, team.id(), "old", "queued", old);
        UUID recent = Seeds.run(jdbc, team.id(), "new", "completed", Instant.now().minus(29, ChronoUnit.DAYS));
        Path oldBackup = backup(expired, old);
        Path newBackup = backup(recent, Instant.now());
        Path notOurs = Files.createDirectories(RESULTS_DIR.resolve("keep-me"));
        Files.setLastModifiedTime(notOurs, FileTime.from(old));

        retention().prune();

        assertThat(jdbc.sql("SELECT id FROM runs WHERE team_id = ?").param(team.id()).query(UUID.class).list())
                .containsExactlyInAnyOrder(oldButQueued, recent);
        assertThat(jdbc.sql("SELECT count(*) FROM run_results WHERE run_id = ?").param(expired).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM anomalies WHERE run_id = ?").param(expired).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT run_id FROM run_tags WHERE team_id = ?").param(team.id()).query(UUID.class).list())
                .as("the search copy of each tag goes with its run").containsExactlyInAnyOrder(oldButQueued, recent);
        assertThat(oldBackup).doesNotExist();
        assertThat(newBackup).exists();
        assertThat(notOurs).exists();
    }

    private dev.k6runner.gateway.maintenance.RetentionAccess retention() {
        return new dev.k6runner.gateway.maintenance.RetentionAccess(applicationContext());
    }

    @Autowired
    org.springframework.context.ApplicationContext context;

    private org.springframework.context.ApplicationContext applicationContext() {
        return context;
    }

    private static Path backup(UUID run, Instant modified) throws Exception {
        Path dir = Files.createDirectories(RESULTS_DIR.resolve(run.toString()));
        Path file = Files.writeString(dir.resolve("summary.json"), "{}");
        Files.setLastModifiedTime(file, FileTime.from(modified));
        Files.setLastModifiedTime(dir, FileTime.from(modified));
        return dir;
    }

    private String status(UUID id) {
        return jdbc.sql("SELECT status FROM runs WHERE id = ?").param(id).query(String.class).single();
    }

    private double counter(String name) {
        var counter = meters.find(name).counter();
        return counter == null ? 0 : counter.count();
    }
}
