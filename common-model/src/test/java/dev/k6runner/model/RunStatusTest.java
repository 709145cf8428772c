package dev.k6runner.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;

import org.junit.jupiter.api.Test;

class RunStatusTest {

    @Test
    void aRunMovesOnlyForwardAlongTheContractsLifecycle() {
        assertThat(RunStatus.QUEUED.allowedNext()).containsExactlyInAnyOrder(RunStatus.RUNNING, RunStatus.CANCELLED);
        assertThat(RunStatus.RUNNING.allowedNext()).containsExactlyInAnyOrder(RunStatus.ANALYZING, RunStatus.INTERRUPTED,
                RunStatus.QUEUED);
        assertThat(RunStatus.ANALYZING.allowedNext()).containsExactlyInAnyOrder(
                RunStatus.COMPLETED, RunStatus.FAILED, RunStatus.CANCELLED, RunStatus.TIMED_OUT, RunStatus.INTERRUPTED);
    }

    @Test
    void terminalStatusesGoNowhere() {
        EnumSet<RunStatus> terminal = EnumSet.of(RunStatus.COMPLETED, RunStatus.FAILED, RunStatus.CANCELLED,
                RunStatus.TIMED_OUT, RunStatus.INTERRUPTED);
        for (RunStatus status : RunStatus.values()) {
            assertThat(status.isTerminal()).as(status.name()).isEqualTo(terminal.contains(status));
            if (status.isTerminal()) {
                assertThat(status.allowedNext()).as(status.name()).isEmpty();
            }
        }
    }

    @Test
    void onlyARunningRunMayReturnToQueuedTheRunnerThatCouldNotStartIt() {
        assertThat(Arrays.stream(RunStatus.values()).filter(s -> s.canMoveTo(RunStatus.QUEUED))).containsExactly(RunStatus.RUNNING);
        assertThat(RunTransition.RETURN_UNSTARTED.actor()).isEqualTo(Actor.RUNNER);
        assertThat(Arrays.stream(RunStatus.values()).filter(s -> s.canMoveTo(RunStatus.RUNNING)))
                .containsExactly(RunStatus.QUEUED);
    }

    @Test
    void wireNamesAreTheContractsLowerCaseNames() {
        assertThat(RunStatus.TIMED_OUT.wireName()).isEqualTo("timed_out");
        assertThat(RunStatus.fromWire("timed_out")).isEqualTo(RunStatus.TIMED_OUT);
        assertThat(Severity.fromWire("critical")).isEqualTo(Severity.CRITICAL);
        assertThat(Severity.LOW.max(Severity.HIGH)).isEqualTo(Severity.HIGH);
        assertThat(AnalyzerKind.AI.wireName()).isEqualTo("ai");
    }

    @Test
    void onlyQueuedAndRunningCountAgainstAQuota() {
        assertThat(Arrays.stream(RunStatus.values()).filter(RunStatus::isActive))
                .containsExactlyInAnyOrder(RunStatus.QUEUED, RunStatus.RUNNING);
    }
}
