package dev.k6runner.platform.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** {@link FairOrder#position} from aggregates must be {@link FairOrder#order}'s index of the run, for any queue. */
class FairOrderPositionTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void thePositionFromAggregatesIsTheRunsPlaceInTheFullOrderForThousandsOfRandomQueues() {
        for (long seed = 0; seed < 3_000; seed++) {
            Random random = new Random(seed);
            List<TeamLoad> teams = new ArrayList<>();
            List<QueuedRun> queued = new ArrayList<>();
            int teamCount = 1 + random.nextInt(5);
            for (int t = 0; t < teamCount; t++) {
                Integer limit = random.nextInt(3) == 0 ? null : random.nextInt(6);
                teams.add(new TeamLoad("t" + t, 1 + random.nextInt(4), limit, random.nextInt(7)));
                int runs = random.nextInt(9);
                for (int r = 0; r < runs; r++) {
                    // few distinct times, so equal submission times (ordered by id) and cross-team ties are common
                    queued.add(new QueuedRun(new UUID(random.nextLong(), random.nextLong()), "t" + t, T0.plusSeconds(random.nextInt(12))));
                }
            }
            List<QueuedRun> order = FairOrder.order(teams, queued);
            for (int index = 0; index < order.size(); index++) {
                QueuedRun run = order.get(index);
                assertThat(FairOrder.position(aggregatesSeenFrom(run, teams, queued), run.teamId()))
                        .as("seed %d, run %s", seed, run).isEqualTo(index + 1L);
            }
        }
    }

    @Test
    void aRunHeldBackByItsTeamsLimitComesAfterEveryStartableRunOfEveryTeam() {
        TeamLoad full = new TeamLoad("full", 1, 2, 2);
        TeamLoad free = new TeamLoad("free", 1, null, 50);
        List<TeamQueue> teams = List.of(new TeamQueue(full, 1, 0), new TeamQueue(free, 30, 30));
        assertThat(FairOrder.position(teams, "full")).isEqualTo(31);
    }

    @Test
    void aTeamWithoutAggregatesOrARankBeyondItsQueueIsRefused() {
        TeamLoad load = new TeamLoad("a", 1, null, 0);
        assertThatThrownBy(() -> FairOrder.position(List.of(), "a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FairOrder.position(List.of(new TeamQueue(load, 2, 2)), "a"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TeamQueue(load, 1, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    /** What the gateway reads from the database for one run: per team with queued runs, its count and those before the run. */
    private static List<TeamQueue> aggregatesSeenFrom(QueuedRun run, List<TeamLoad> teams, List<QueuedRun> queued) {
        List<TeamQueue> seen = new ArrayList<>();
        for (TeamLoad team : teams) {
            List<QueuedRun> own = queued.stream().filter(other -> other.teamId().equals(team.teamId())).toList();
            long before = own.stream().filter(other -> QueuedRun.SUBMISSION_ORDER.compare(other, run) < 0).count();
            if (!own.isEmpty()) {
                seen.add(new TeamQueue(team, own.size(), before));
            }
        }
        return seen;
    }
}
