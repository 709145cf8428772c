package dev.k6runner.runner.loops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;

/** The supervisor alone: restarts on any failure with a doubling, bounded backoff, and stops for good when asked. */
class SupervisedLoopTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Loops loops = new Loops(new LoopProperties(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(60)),
            meters);

    @Test
    void aLoopThatThrowsIsStartedAgainWithADoublingBoundedBackoffAndEachRestartIsCounted() throws Exception {
        List<Long> startedAt = new CopyOnWriteArrayList<>();
        CountDownLatch stop = new CountDownLatch(1);
        SupervisedLoop loop = loops.supervise("intake", () -> {
            startedAt.add(System.nanoTime());
            if (startedAt.size() <= 4) {
                throw new IllegalStateException("failure " + startedAt.size());
            }
            stop.await();
        });

        loop.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> startedAt.size() == 5 && loops.running("intake"));

        assertThat(meters.get("k6runner.loop.restarts").tag("loop", "intake").counter().count()).isEqualTo(4);
        List<Long> gapsMs = List.of(1, 2, 3, 4).stream().map(i -> (startedAt.get(i) - startedAt.get(i - 1)) / 1_000_000).toList();
        assertThat(gapsMs.get(0)).isBetween(50L, 1_000L);
        assertThat(gapsMs.get(1)).isGreaterThanOrEqualTo(100L);
        assertThat(gapsMs.get(3)).as("bounded by max-backoff").isBetween(200L, 1_000L);
        assertThat(loops.states()).containsEntry("intake", LoopState.RUNNING);

        loop.stop();
        stop.countDown();
        loop.join(Duration.ofSeconds(5));
        assertThat(loop.state()).isEqualTo(LoopState.STOPPED);
    }

    @Test
    void aStoppedLoopIsNotRestartedAndItsBackoffEndsAtOnce() throws Exception {
        AtomicInteger lives = new AtomicInteger();
        Loops slow = new Loops(new LoopProperties(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(60)), meters);
        SupervisedLoop loop = slow.supervise("cancel", () -> {
            lives.incrementAndGet();
            throw new IllegalStateException("always");
        });

        loop.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> loop.state() == LoopState.RESTARTING);
        long stopping = System.nanoTime();
        loop.stop();
        loop.join(Duration.ofSeconds(5));

        assertThat(loop.state()).isEqualTo(LoopState.STOPPED);
        assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(5));
        assertThat(lives.get()).isEqualTo(1);
        assertThat(slow.running("cancel")).isFalse();
    }
}
