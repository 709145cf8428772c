package dev.k6runner.platform.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class FairOrderTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void theTeamHoldingFewestSlotsStartsNext() {
        QueuedRun a = run("a", 1);
        QueuedRun b = run("b", 2);
        assertThat(FairOrder.next(List.of(team("a", 1, null, 3), team("b", 1, null, 1)), List.of(a, b))).contains(b);
    }

    @Test
    void weightsDivideTheSlotsHeld() {
        QueuedRun heavy = run("heavy", 2);
        QueuedRun light = run("light", 1);
        // heavy holds 3 slots at weight 4 (0.75 each), light holds 1 at weight 1 (1.0): heavy is further from its share.
        List<TeamLoad> teams = List.of(team("heavy", 4, null, 3), team("light", 1, null, 1));
        assertThat(FairOrder.next(teams, List.of(heavy, light))).contains(heavy);
    }

    @Test
    void equalSharesGoToTheTeamWhoseOldestRunWasSubmittedFirst() {
        QueuedRun later = run("a", 5);
        QueuedRun earlier = run("b", 3);
        List<TeamLoad> teams = List.of(team("a", 2, null, 2), team("b", 1, null, 1));
        assertThat(FairOrder.next(teams, List.of(later, earlier))).contains(earlier);
    }

    @Test
    void equalSubmissionTimesAreOrderedByIdAsPostgresOrdersUuids() {
        QueuedRun high = new QueuedRun(UUID.fromString("f0000000-0000-0000-0000-000000000000"), "a", T0);
        QueuedRun low = new QueuedRun(UUID.fromString("10000000-0000-0000-0000-000000000000"), "b", T0);
        List<TeamLoad> teams = List.of(team("a", 1, null, 0), team("b", 1, null, 0));
        assertThat(FairOrder.next(teams, List.of(high, low))).contains(low);
    }

    @Test
    void aTeamAtItsRunningLimitIsSkippedWithoutBlockingOthers() {
        QueuedRun blocked = run("a", 1);
        QueuedRun other = run("b", 9);
        List<TeamLoad> teams = List.of(team("a", 1, 2, 2), team("b", 1, null, 7));
        assertThat(FairOrder.next(teams, List.of(blocked, other))).contains(other);
    }

    @Test
    void nothingStartsWhenEveryTeamIsAtItsLimit() {
        List<TeamLoad> teams = List.of(team("a", 1, 1, 1), team("b", 1, 0, 0));
        assertThat(FairOrder.next(teams, List.of(run("a", 1), run("b", 2)))).isEmpty();
        assertThat(FairOrder.next(teams, List.of())).isEmpty();
    }

    @Test
    void theOldestOfSeveralRunsOfOneTeamIsItsHead() {
        QueuedRun newer = run("a", 4);
        QueuedRun oldest = run("a", 2);
        assertThat(FairOrder.next(List.of(team("a", 1, null, 0)), List.of(newer, oldest))).contains(oldest);
    }

    @Test
    void orderIsFirstInFirstOutWithinATeam() {
        List<QueuedRun> runs = List.of(run("a", 3), run("a", 1), run("a", 2));
        assertThat(FairOrder.order(List.of(team("a", 1, null, 0)), runs))
                .containsExactly(runs.get(1), runs.get(2), runs.get(0));
    }

    @Test
    void orderSharesSlotsByWeightAcrossThreeTeams() {
        List<QueuedRun> queued = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            queued.add(run("a", i));
            queued.add(run("b", 100 + i));
            queued.add(run("c", 200 + i));
        }
        List<TeamLoad> teams = List.of(team("a", 1, null, 0), team("b", 2, null, 0), team("c", 3, null, 0));
        List<String> firstSix = FairOrder.order(teams, queued).subList(0, 6).stream().map(QueuedRun::teamId).toList();
        // a goes first on the tie (oldest head), then b and c catch up to their shares: 1 : 2 : 3.
        assertThat(firstSix).containsExactly("a", "b", "c", "c", "b", "c");
        assertThat(Collections.frequency(firstSix, "c")).isEqualTo(3);
    }

    @Test
    void runsHeldBackByALimitComeAfterEveryStartableRun() {
        QueuedRun a1 = run("a", 1);
        QueuedRun a2 = run("a", 2);
        QueuedRun a3 = run("a", 3);
        QueuedRun b1 = run("b", 10);
        QueuedRun b2 = run("b", 11);
        List<TeamLoad> teams = List.of(team("a", 1, 1, 0), team("b", 1, null, 5));
        // a may start one more; then b's runs; then a's rest, as if its limit were lifted.
        assertThat(FairOrder.order(teams, List.of(a3, b2, a2, b1, a1))).containsExactly(a1, b1, b2, a2, a3);
    }

    @Test
    void heldBackTeamsAreOrderedByTheSameRuleWithLimitsLifted() {
        QueuedRun a1 = run("a", 1);
        QueuedRun a2 = run("a", 2);
        QueuedRun b1 = run("b", 3);
        QueuedRun b2 = run("b", 4);
        List<TeamLoad> teams = List.of(team("a", 1, 3, 3), team("b", 1, 1, 1));
        assertThat(FairOrder.order(teams, List.of(a1, a2, b1, b2))).containsExactly(b1, b2, a1, a2);
    }

    @Test
    void orderStartsWithWhatNextChoosesForAnyState() {
        Random random = new Random(16);
        for (int round = 0; round < 500; round++) {
            List<TeamLoad> teams = new ArrayList<>();
            List<QueuedRun> queued = new ArrayList<>();
            for (int t = 0; t < 1 + random.nextInt(5); t++) {
                Integer limit = random.nextBoolean() ? null : random.nextInt(4);
                teams.add(team("t" + t, 1 + random.nextInt(3), limit, random.nextInt(5)));
                for (int r = 0; r < random.nextInt(4); r++) {
                    queued.add(run("t" + t, random.nextInt(20)));
                }
            }
            List<QueuedRun> order = FairOrder.order(teams, queued);
            assertThat(order).containsExactlyInAnyOrderElementsOf(queued);
            FairOrder.next(teams, queued).ifPresent(next -> assertThat(order.getFirst()).isEqualTo(next));
        }
    }

    @Test
    void aRunWhoseTeamIsUnknownIsRefused() {
        assertThatThrownBy(() -> FairOrder.order(List.of(), List.of(run("ghost", 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ghost");
        assertThatThrownBy(() -> FairOrder.next(List.of(), List.of(run("ghost", 1))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void invalidLoadsAreRefused() {
        assertThatThrownBy(() -> team("a", 0, null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> team("a", 1, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> team("a", 1, null, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static TeamLoad team(String id, int weight, Integer maxRunning, int running) {
        return new TeamLoad(id, weight, maxRunning, running);
    }

    private static QueuedRun run(String team, int secondsAfterStart) {
        return new QueuedRun(UUID.randomUUID(), team, T0.plusSeconds(secondsAfterStart));
    }
}
