package dev.k6runner.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class RunTransitionTest {

    record Edge(RunStatus from, RunStatus to) {
    }

    @Test
    void everyTransitionIsAnEdgeRunStatusAllows() {
        for (RunTransition t : RunTransition.values()) {
            assertThat(t.from().canMoveTo(t.to())).as(t.name()).isTrue();
        }
    }

    @Test
    void everyEdgeRunStatusAllowsHasExactlyOneTransition() {
        Set<Edge> edges = Arrays.stream(RunStatus.values())
                .flatMap(from -> from.allowedNext().stream().map(to -> new Edge(from, to)))
                .collect(Collectors.toSet());
        var transitions = Arrays.stream(RunTransition.values()).map(t -> new Edge(t.from(), t.to())).toList();
        assertThat(transitions).doesNotHaveDuplicates();
        assertThat(Set.copyOf(transitions)).isEqualTo(edges);
    }

    @Test
    void eachServiceMakesOnlyItsOwnMoves() {
        assertThat(movesOf(Actor.RUNNER)).containsExactlyInAnyOrder(RunTransition.CLAIM, RunTransition.PUBLISH,
                RunTransition.RETURN_UNSTARTED);
        assertThat(movesOf(Actor.GATEWAY)).containsExactlyInAnyOrder(RunTransition.CANCEL_QUEUED, RunTransition.REAP);
        assertThat(movesOf(Actor.ANALYZER)).allSatisfy(t -> assertThat(t.from()).isEqualTo(RunStatus.ANALYZING));
    }

    @Test
    void theAnalyzerHasAMoveForEveryOutcomeAndNoneForAnythingElse() {
        for (RunStatus outcome : RunStatus.ANALYZING.allowedNext()) {
            assertThat(RunTransition.finish(outcome).to()).isEqualTo(outcome);
        }
        assertThatThrownBy(() -> RunTransition.finish(RunStatus.RUNNING)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void renderFillsInBothStatusesAsSqlLiterals() {
        assertThat(RunTransition.CLAIM.render("UPDATE runs SET status = {to} WHERE id = ? AND status = {from}"))
                .isEqualTo("UPDATE runs SET status = 'running' WHERE id = ? AND status = 'queued'");
        assertThat(RunTransition.FINISH_TIMED_OUT.render("SET status = {to} WHERE status = {from}"))
                .isEqualTo("SET status = 'timed_out' WHERE status = 'analyzing'");
    }

    @Test
    void aStatementThatIsNotConditionalOnTheOldStatusIsRefused() {
        assertThatThrownBy(() -> RunTransition.REAP.render("UPDATE runs SET status = {to} WHERE id = ?"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RunTransition.REAP.render("UPDATE runs SET x = 1 WHERE status = {from}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Set<RunTransition> movesOf(Actor actor) {
        return Arrays.stream(RunTransition.values()).filter(t -> t.actor() == actor)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(RunTransition.class)));
    }
}
