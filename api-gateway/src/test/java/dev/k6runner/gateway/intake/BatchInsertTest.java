package dev.k6runner.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.k6runner.gateway.GatewayIntegrationTest;
import dev.k6runner.gateway.intake.IntakeStore.BacklogFull;
import dev.k6runner.gateway.intake.IntakeStore.Outcome;
import dev.k6runner.gateway.intake.IntakeStore.Refused;
import dev.k6runner.gateway.intake.IntakeStore.Stored;
import dev.k6runner.gateway.intake.IntakeStore.Submission;
import dev.k6runner.model.RunSpec;

/**
 * A batch's first submissions without an Idempotency-Key are inserted by one statement ({@link BatchInsert}): on the
 * real database, each is stored exactly as alone (every field, a backlog slot of its own, the backlog's limit in
 * arrival order per team), and whatever that statement leaves is settled alone in the same transaction.
 */
class BatchInsertTest extends GatewayIntegrationTest {

    @Autowired
    private IntakeStore store;

    @Autowired
    private BatchInsert batchInsert;

    @Test
    void oneStatementInsertsEveryAdmittedSubmissionAndSaysWhichIsWhich() {
        Team team = newTeam(100);

        Map<Integer, IntakeStore.Accepted> inserted = batchInsert.insert(
                List.of(submission(team, "zero"), submission(team, "one"), submission(team, "two")));

        assertThat(inserted).containsOnlyKeys(0, 1, 2);
        assertThat(List.of(0, 1, 2)).allSatisfy(position -> assertThat(jdbc.sql("SELECT name FROM runs WHERE id = ?")
                .param(inserted.get(position).id()).query(String.class).single()).isEqualTo(List.of("zero", "one", "two").get(position)));
    }

    @Test
    void submissionsInsertedTogetherAreStoredFieldByFieldAsAlone() {
        Team team = newTeam(100);
        Instant submitted = Instant.now().truncatedTo(ChronoUnit.MICROS);
        // what an array literal must escape: quotes, backslashes, braces, commas, NULL as text, a newline, non-ASCII
        String script = "export default function () { console.log(\"a,b\", '{x}', \"\\\\n\", 'NULL'); }\n// ünïcödé";
        RunSpec full = new RunSpec(script, "checkout, \"quoted\" {1}", 7, "45s", null,
                Map.of("BASE_URL", "http://example.test/?a=1,b={2}", "TOKEN", "s3\\cret\""), Map.of("env", "NULL"), 900, 2);
        RunSpec byIterations = new RunSpec("export default function () {}", "iterations", null, null, 12, Map.of(), Map.of(), 60, 1);

        List<Outcome> outcomes = store.storeAll(List.of(new Submission(team.id(), full, id -> { }, null, submitted, "00-abc-def-01"),
                new Submission(team.id(), byIterations, id -> { }, null, submitted.plusMillis(1), null)));

        UUID first = ((Stored) outcomes.get(0)).run().id();
        UUID second = ((Stored) outcomes.get(1)).run().id();
        assertThat(jdbc.sql("""
                SELECT name, script, vus, duration, iterations, env ->> 'TOKEN', tags ->> 'env', timeout_seconds, runners,
                       submitted_at, traceparent, status, idempotency_key, published_at FROM runs WHERE id = ?""")
                .param(first).query((rs, n) -> List.of(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                        String.valueOf(rs.getObject(5)), rs.getString(6), rs.getString(7), rs.getInt(8), rs.getInt(9),
                        rs.getTimestamp(10).toInstant(), rs.getString(11), rs.getString(12), String.valueOf(rs.getObject(13)),
                        String.valueOf(rs.getObject(14)))).single())
                .containsExactly("checkout, \"quoted\" {1}", script, 7, "45s", "null", "s3\\cret\"", "NULL", 900, 2,
                        submitted, "00-abc-def-01", "queued", "null", "null");
        assertThat(jdbc.sql("SELECT vus IS NULL AND duration IS NULL AND iterations = 12 AND traceparent IS NULL FROM runs WHERE id = ?")
                .param(second).query(Boolean.class).single()).isTrue();
    }

    @Test
    void eachTeamsBacklogAdmitsItsFirstSubmissionsInArrivalOrderAndRefusesTheRest() {
        Team small = newTeam(3);
        Team large = newTeam(10);
        List<Submission> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(submission(small, "small-" + i));
            batch.add(submission(large, "large-" + i));
        }

        List<Outcome> outcomes = store.storeAll(batch);

        for (int i = 0; i < 5; i++) {
            assertThat(outcomes.get(2 * i)).as("small-" + i).isInstanceOf(i < 3 ? Stored.class : Refused.class);
            assertThat(outcomes.get(2 * i + 1)).as("large-" + i).isInstanceOf(Stored.class);
        }
        assertThat(outcomes.get(8)).isEqualTo(new Refused(new BacklogFull(3, 3)));
        assertThat(jdbc.sql("SELECT string_agg(name, ',' ORDER BY name) FROM runs WHERE team_id = ?").param(small.id())
                .query(String.class).single()).isEqualTo("small-0,small-1,small-2");
        for (Team team : List.of(small, large)) {
            assertThat(jdbc.sql("""
                    SELECT count(DISTINCT queue_slot) = count(*) AND max(queue_slot) < (SELECT max_queued_runs FROM teams WHERE id = ?)
                           AND count(*) = (SELECT sum(queued) FROM queue_counts WHERE team_id = ?)
                    FROM runs WHERE team_id = ?""").params(team.id(), team.id(), team.id()).query(Boolean.class).single())
                    .as("distinct slots below the backlog, counted").isTrue();
        }
    }

    @Test
    void aSlotAlreadyTakenLeavesItsSubmissionToTheSingleStatementAndEveryOneIsStored() {
        // half of each backlog is taken, so most of the ten batches' consecutive slots meet a taken one
        for (int round = 0; round < 10; round++) {
            Team team = newTeam(4);
            store.storeAll(List.of(submission(team, "queued-0")));
            store.storeAll(List.of(submission(team, "queued-1")));

            List<Outcome> outcomes = store.storeAll(List.of(submission(team, "new-0"), submission(team, "new-1")));

            assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).isInstanceOf(Stored.class));
            assertThat(jdbc.sql("SELECT count(DISTINCT queue_slot) FROM runs WHERE team_id = ? AND status = 'queued'")
                    .param(team.id()).query(Long.class).single()).isEqualTo(4);
        }
    }

    @Test
    void aBacklogFilledByOtherRunsLeavesEverySubmissionToBeRefusedAlone() {
        Team team = newTeam(2);
        store.storeAll(List.of(submission(team, "first"), submission(team, "second")));

        List<Outcome> outcomes = store.storeAll(List.of(submission(team, "third"), submission(team, "fourth")));

        assertThat(outcomes).containsOnly(new Refused(new BacklogFull(2, 2)));
        assertThat(runsOf(team)).isEqualTo(2);
    }

    @Test
    void aSubmissionOfAnUnknownTeamFailsTheBatchAndStoresNothingOfIt() {
        Team team = newTeam(10);
        String unknown = "no-such-team-" + UUID.randomUUID().toString().substring(0, 8);

        assertThatThrownBy(() -> store.storeAll(List.of(submission(team, "a"), submission(unknown, "b"), submission(team, "c"))))
                .hasMessageContaining("does not exist");
        assertThat(runsOf(team)).isZero();
    }

    private static Submission submission(Team team, String name) {
        return submission(team.id(), name);
    }

    private static Submission submission(String teamId, String name) {
        RunSpec run = new RunSpec("export default function () {}", name, 1, "10s", null, Map.of(), Map.of(), 60, 1);
        return new Submission(teamId, run, id -> { }, null, Instant.now().truncatedTo(ChronoUnit.MICROS), null);
    }
}
