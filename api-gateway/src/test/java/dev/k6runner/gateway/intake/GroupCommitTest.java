package dev.k6runner.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.k6runner.gateway.GatewayIntegrationTest;
import dev.k6runner.gateway.intake.GroupCommit.Settled;
import dev.k6runner.gateway.intake.GroupCommit.Waiting;
import dev.k6runner.gateway.intake.IntakeStore.KeyReused;
import dev.k6runner.gateway.intake.IntakeStore.Outcome;
import dev.k6runner.gateway.intake.IntakeStore.Refused;
import dev.k6runner.gateway.intake.IntakeStore.Stored;
import dev.k6runner.gateway.intake.IntakeStore.Submission;
import dev.k6runner.model.RunSpec;

/**
 * Group commit on the real database: a batch settles each submission exactly as alone (idempotency, backlog),
 * a submission that fails fails alone, and a batch whose connection dies stores nothing and answers every caller.
 */
class GroupCommitTest extends GatewayIntegrationTest {

    @Autowired
    private GroupCommit groupCommit;

    @Test
    void aBatchSettlesReplaysReusedKeysAndAFullBacklogPerSubmissionInOneTransaction() {
        Team team = newTeam(3);
        List<Waiting> batch = List.of(waiting(team, "a", null), waiting(team, "b", "key-1"),
                waiting(team, "b", "key-1"), waiting(team, "other", "key-1"), waiting(team, "c", null),
                waiting(team, "d", null));

        groupCommit.settle(batch);

        List<Outcome> outcomes = batch.stream().map(w -> w.answer().join().outcome()).toList();
        assertThat(outcomes.get(0)).isInstanceOfSatisfying(Stored.class, s -> assertThat(s.run().replayed()).isFalse());
        UUID keyed = ((Stored) outcomes.get(1)).run().id();
        assertThat(outcomes.get(2)).isInstanceOfSatisfying(Stored.class,
                s -> assertThat(s.run().replayed()).isTrue().as("replay of the batch's first use of the key")
                        .satisfies(any -> assertThat(s.run().id()).isEqualTo(keyed)));
        assertThat(outcomes.get(3)).isEqualTo(new KeyReused(keyed));
        assertThat(outcomes.get(4)).isInstanceOf(Stored.class);
        assertThat(outcomes.get(5)).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.backlog()).isEqualTo(new IntakeStore.BacklogFull(3, 3)));
        assertThat(runsOf(team)).isEqualTo(3);
        assertThat(jdbc.sql("SELECT sum(queued) FROM queue_counts WHERE team_id = ?").param(team.id()).query(Long.class).single())
                .isEqualTo(3);
        assertThat(jdbc.sql("SELECT count(DISTINCT queue_slot) FROM runs WHERE team_id = ?").param(team.id()).query(Long.class)
                .single()).isEqualTo(3);
    }

    @Test
    void eachNewRunOfABatchIsAnsweredWithItsExactQueuePosition() {
        emptyTheQueue();
        Team team = newTeam(100);
        List<Waiting> batch = List.of(waiting(team, "first", null), waiting(team, "second", null), waiting(team, "third", null));

        groupCommit.settle(batch);

        assertThat(batch.stream().map(w -> w.answer().join().position()).toList()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aSubmissionThatFailsInABatchFailsAloneAndItsBatchMatesAreStored() {
        Team team = newTeam(10);
        Waiting bad = waiting(team, "bad", null, id -> {
            throw new IllegalStateException("this submission's bundle is gone");
        });
        List<Waiting> batch = List.of(waiting(team, "good-1", null), bad, waiting(team, "good-2", null));

        groupCommit.settle(batch);

        assertThat(bad.answer()).isCompletedExceptionally();
        assertThat(List.of(batch.get(0), batch.get(2))).allSatisfy(w -> assertThat(w.answer().join().outcome()).isInstanceOf(Stored.class));
        assertThat(jdbc.sql("SELECT name FROM runs WHERE team_id = ? ORDER BY name").param(team.id()).query(String.class).list())
                .containsExactly("good-1", "good-2");
    }

    @Test
    void aBatchWhoseDatabaseConnectionDiesMidwayAnswersEveryCallerAnErrorAndStoresNothing() {
        Team team = newTeam(10);
        AtomicInteger inserted = new AtomicInteger();
        // the database goes away after a run's insert, in the batch and again when each is stored alone
        Consumer<UUID> connectionDies = id -> {
            inserted.incrementAndGet();
            jdbc.sql("SELECT pg_terminate_backend(pg_backend_pid())").query().listOfRows();
        };
        List<Waiting> batch = List.of(waiting(team, "x", null, connectionDies), waiting(team, "y", null, connectionDies),
                waiting(team, "z", null, connectionDies));

        groupCommit.settle(batch);

        assertThat(inserted.get()).as("each insert ran: once in the batch, once alone").isEqualTo(4);
        assertThat(batch).allSatisfy(w -> assertThat(w.answer()).isCompletedExceptionally());
        assertThat(runsOf(team)).isZero();
        assertThat(jdbc.sql("SELECT coalesce(sum(queued), 0) FROM queue_counts WHERE team_id = ?").param(team.id())
                .query(Long.class).single()).isZero();
    }

    @Test
    void concurrentCallersShareBatchesAndEachGetsItsOwnRun() throws Exception {
        Team team = newTeam(1000);
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var answers = new java.util.ArrayList<java.util.concurrent.Future<Settled>>();
            for (int i = 0; i < 50; i++) {
                String name = "run-" + i;
                answers.add(threads.submit(() -> groupCommit.store(waiting(team, name, null).submission())));
            }
            var ids = new java.util.HashSet<UUID>();
            for (var answer : answers) {
                ids.add(((Stored) answer.get().outcome()).run().id());
            }
            assertThat(ids).hasSize(50);
        }
        assertThat(runsOf(team)).isEqualTo(50);
    }

    private static Waiting waiting(Team team, String name, String key) {
        return waiting(team, name, key, id -> { });
    }

    private static Waiting waiting(Team team, String name, String key, Consumer<UUID> withNewRun) {
        RunSpec run = new RunSpec("export default function () {}", name, 1, "10s", null, Map.of(), Map.of(), 60, 1);
        return new Waiting(new Submission(team.id(), run, withNewRun, key, Instant.now().truncatedTo(ChronoUnit.MICROS), null));
    }
}
