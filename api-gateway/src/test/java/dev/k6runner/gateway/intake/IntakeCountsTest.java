package dev.k6runner.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.k6runner.gateway.GatewayIntegrationTest;
import dev.k6runner.gateway.intake.IntakeStore.Outcome;
import dev.k6runner.gateway.intake.IntakeStore.Refused;
import dev.k6runner.gateway.intake.IntakeStore.Stored;
import dev.k6runner.gateway.intake.IntakeStore.Submission;
import dev.k6runner.model.RunSpec;

/**
 * The queue counts (V21's deferred trigger) equal the queued runs, team by team, whatever a batch of the intake
 * held (runs inserted together and alone, replays, refusals at a full backlog) and whoever else writes runs; the
 * intake's backlog check and the 202's queue position read them instead of counting the queue.
 */
class IntakeCountsTest extends GatewayIntegrationTest {

    @Autowired
    private IntakeStore store;

    @Test
    void aMixedBatchIsCountedExactlyTeamByTeam() {
        Team small = newTeam(3);
        Team large = newTeam(100);
        long clockBefore = clock();

        List<Outcome> outcomes = store.storeAll(List.of(
                submission(small, "together-1", null), submission(large, "together-2", null), submission(small, "together-3", null),
                submission(small, "keyed", "key-1"), submission(small, "keyed", "key-1"),
                submission(small, "alone", null), submission(small, "over-the-backlog", null),
                submission(large, "keyed", "key-2")));

        assertThat(outcomes).extracting(outcome -> outcome instanceof Stored(var run) ? (run.replayed() ? "replayed" : "stored")
                : outcome instanceof Refused ? "refused" : "other")
                .containsExactly("stored", "stored", "stored", "stored", "replayed", "refused", "refused", "stored");
        assertThat(counted(small)).isEqualTo(queued(small)).isEqualTo(3);
        assertThat(counted(large)).isEqualTo(queued(large)).isEqualTo(2);
        assertThat(clock()).as("the clock moved with the batch").isGreaterThan(clockBefore);
    }

    @Test
    void aSubmissionStoredAloneAndAnotherWritersInsertsAreCounted() {
        Team team = newTeam(100);

        Outcome alone = store.store(submission(team, "alone", null));
        // another writer: a tool inserting queued runs itself, in slots past the backlog (the intake picks its slot at
        // random below it: slots 50-53 collided with "alone"'s one time in 25)
        for (int i = 0; i < 4; i++) {
            jdbc.sql("""
                    INSERT INTO runs (id, team_id, name, status, script, timeout_seconds, submitted_at, queue_slot)
                    VALUES (?, ?, 'a tool', 'queued', 'x', 60, now(), ?)""").params(UUID.randomUUID(), team.id(), 100 + i).update();
        }

        assertThat(alone).isInstanceOf(Stored.class);
        assertThat(counted(team)).isEqualTo(queued(team)).isEqualTo(5);
    }

    @Test
    void runsLeavingTheQueueAreCountedOut() {
        Team team = newTeam(100);
        store.storeAll(List.of(submission(team, "a", null), submission(team, "b", null), submission(team, "c", null)));

        jdbc.sql("UPDATE runs SET status = 'cancelled', finished_at = now() WHERE team_id = ? AND name = 'b'").param(team.id()).update();

        assertThat(counted(team)).isEqualTo(queued(team)).isEqualTo(2);
    }

    private static Submission submission(Team team, String name, String key) {
        RunSpec run = new RunSpec("export default function () {}", name, 1, "10s", null, Map.of(), Map.of(), 60, 1);
        return new Submission(team.id(), run, id -> { }, key, Instant.now(), null);
    }

    private long counted(Team team) {
        return jdbc.sql("SELECT coalesce(sum(queued), 0) FROM queue_counts WHERE team_id = ?").param(team.id()).query(Long.class).single();
    }

    private long queued(Team team) {
        return jdbc.sql("SELECT count(*) FROM runs WHERE team_id = ? AND status = 'queued'").param(team.id()).query(Long.class).single();
    }

    private long clock() {
        return jdbc.sql("SELECT sum(ticks) FROM queue_clock").query(Long.class).single();
    }
}
