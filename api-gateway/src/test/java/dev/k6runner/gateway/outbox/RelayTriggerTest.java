package dev.k6runner.gateway.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The hand-over from commits to the relay: ids in commit order, memory bounded, and a sweep when ids are dropped. */
class RelayTriggerTest {

    private final RelayTrigger trigger = new RelayTrigger();

    @Test
    void aCommitWakesTheRelayWithItsIdsInCommitOrderAndAsksNoSweep() throws InterruptedException {
        List<UUID> committed = IntStream.range(0, 3).mapToObj(i -> UUID.randomUUID()).toList();
        committed.forEach(trigger::committed);

        assertThat(trigger.await(0)).isTrue();
        assertThat(trigger.takeCommitted()).containsExactlyElementsOf(committed);
        assertThat(trigger.takeCommitted()).isEmpty();
        assertThat(trigger.takeSweepRequest()).isFalse();
    }

    @Test
    void idsBeyondTheBoundAreLeftToTheSweepAndTheBoundFreesAsTheRelayTakesThem() {
        IntStream.range(0, RelayTrigger.MAX_PENDING_IDS + 5).forEach(i -> trigger.committed(UUID.randomUUID()));

        assertThat(trigger.takeCommitted()).hasSize(RelayTrigger.MAX_PENDING_IDS);
        assertThat(trigger.takeSweepRequest()).as("the 5 dropped ids are in the database: the sweep finds them").isTrue();
        assertThat(trigger.takeSweepRequest()).isFalse();

        UUID next = UUID.randomUUID();
        trigger.committed(next);
        assertThat(trigger.takeCommitted()).containsExactly(next);
        assertThat(trigger.takeSweepRequest()).isFalse();
    }

    @Test
    void aWakeUpWithoutIdsAsksForASweep() throws InterruptedException {
        trigger.wake();

        assertThat(trigger.await(0)).isTrue();
        assertThat(trigger.takeCommitted()).isEmpty();
        assertThat(trigger.takeSweepRequest()).isTrue();
    }

    @Test
    void withNothingCommittedTheWaitEndsUnwoken() throws InterruptedException {
        assertThat(trigger.await(10)).isFalse();
    }
}
