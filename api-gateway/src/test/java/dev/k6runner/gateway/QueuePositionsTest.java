package dev.k6runner.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * queue_position is the run's exact place in the order the runners would start the queued runs (weighted fair
 * share across teams, FIFO within a team, teams at their running limit last), for the queue as it is at the poll:
 * no waiting for a refresh, so nothing here awaits.
 */
class QueuePositionsTest extends GatewayIntegrationTest {

    private static final Instant T0 = Instant.parse("2001-01-01T00:00:00Z");

    @Test
    void positionsFollowTheWeightedFairOrderAndATeamAtItsLimitHoldsBackNoOtherTeam() {
        ThreeTeams q = threeTeamsQueued();
        Team a = q.a(), b = q.b(), c = q.c();
        UUID c1 = q.c1(), a1 = q.a1(), a2 = q.a2(), a3 = q.a3(), b1 = q.b1(), b2 = q.b2(), b3 = q.b3();

        // a first on the tie (oldest head), then b, with twice a's weight, catches up; c waits for its slot.
        assertPositions(a, a1, 1, a2, 4, a3, 6);
        assertPositions(b, b1, 2, b2, 3, b3, 5);
        assertPositions(c, c1, 7);
    }

    @Test
    void positionsAreExactAtOnceWhileRunsStartEndAndAreCancelled() {
        ThreeTeams q = threeTeamsQueued();
        Team a = q.a(), b = q.b(), c = q.c();
        UUID cRunning = q.cRunning();
        UUID c1 = q.c1(), a1 = q.a1(), a2 = q.a2(), a3 = q.a3(), b1 = q.b1(), b2 = q.b2(), b3 = q.b3();
        assertPositions(a, a1, 1);

        jdbc.sql("UPDATE runs SET status = 'running', started_at = now() WHERE id = ?").param(a1).update();
        assertThat(send("POST", "/api/v1/test/results/" + b2 + "/cancel", b.key(), null).status()).isEqualTo(202);
        assertPositions(b, b1, 1, b3, 2);
        assertPositions(a, a2, 3, a3, 4);
        assertPositions(c, c1, 5);
        assertThat(get(a, "/api/v1/test/results/" + a1).json().get("queue_position").isNull()).isTrue();

        jdbc.sql("UPDATE runs SET status = 'analyzing' WHERE id IN (?, ?)").params(a1, cRunning).update();
        assertPositions(c, c1, 1);
        assertPositions(a, a2, 2, a3, 5);
        assertPositions(b, b1, 3, b3, 4);

        Answer accepted = submit(a, "{\"script\":\"x\"}");
        assertThat(accepted.json().get("queue_position").asLong()).as("the 202's position is exact too: %s", accepted.raw().body()).isEqualTo(6);
    }

    @Test
    void aRunningTestOnSeveralRunnersCountsTheSlotsItHoldsAsTheRunnersClaimDoes() {
        emptyTheQueue();
        Team wide = newTeam("\"weight\":1,\"max_running_runs\":\"unlimited\"");
        Team narrow = newTeam("\"weight\":1,\"max_running_runs\":\"unlimited\"");
        UUID onThreeRunners = Seeds.run(jdbc, wide.id(), "on three runners", "queued", T0);
        jdbc.sql("UPDATE runs SET runners = 3 WHERE id = ?").param(onThreeRunners).update();
        jdbc.sql("UPDATE runs SET status = 'running', started_at = now() WHERE id = ?").param(onThreeRunners).update();
        Seeds.run(jdbc, narrow.id(), "one slot", "running", T0);
        Seeds.run(jdbc, narrow.id(), "another slot", "running", T0);
        UUID wideNext = queued(wide, 1);
        jdbc.sql("UPDATE runs SET runners = 2 WHERE id = ?").param(wideNext).update(); // queued as one run all the same
        assertPositions(wide, wideNext, 1);

        // wide holds 3 slots, narrow 2: the runners start narrow's new run first, though it came last
        Answer accepted = submit(narrow, "{\"script\":\"x\"}");
        assertThat(accepted.json().get("queue_position").asLong()).as("the 202: %s", accepted.raw().body()).isEqualTo(1);
        UUID narrowNext = UUID.fromString(accepted.json().get("test_id").asString());
        assertPositions(narrow, narrowNext, 1);
        assertPositions(wide, wideNext, 2);
    }

    /** Teams a (weight 1), b (weight 2) and c (weight 1, at its one running run), each with queued runs 1 s apart. */
    private record ThreeTeams(Team a, Team b, Team c, UUID cRunning, UUID c1, UUID a1, UUID a2, UUID a3, UUID b1, UUID b2,
                              UUID b3) {
    }

    private ThreeTeams threeTeamsQueued() {
        emptyTheQueue();
        Team a = newTeam("\"weight\":1,\"max_running_runs\":\"unlimited\"");
        Team b = newTeam("\"weight\":2,\"max_running_runs\":\"unlimited\"");
        Team c = newTeam("\"weight\":1,\"max_running_runs\":1");
        UUID cRunning = Seeds.run(jdbc, c.id(), "holds c's one slot", "running", T0);
        UUID c1 = queued(c, 0);
        return new ThreeTeams(a, b, c, cRunning, c1, queued(a, 1), queued(a, 2), queued(a, 3), queued(b, 4), queued(b, 5),
                queued(b, 6));
    }

    private UUID queued(Team team, int secondsAfterT0) {
        return Seeds.run(jdbc, team.id(), "queued", "queued", T0.plusSeconds(secondsAfterT0));
    }

    /** Pairs of run and expected position. */
    private void assertPositions(Team team, Object... runsAndPositions) {
        for (int i = 0; i < runsAndPositions.length; i += 2) {
            UUID run = (UUID) runsAndPositions[i];
            assertThat(get(team, "/api/v1/test/results/" + run).json().get("queue_position").asLong())
                    .as("position of %s", run).isEqualTo(((Integer) runsAndPositions[i + 1]).longValue());
        }
    }
}
