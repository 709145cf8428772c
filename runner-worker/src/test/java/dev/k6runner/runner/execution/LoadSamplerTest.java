package dev.k6runner.runner.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.k6runner.model.LoadGeneratorHealth;

/** CPU and memory sampled from /proc for a real busy process and a real idle one. */
class LoadSamplerTest {

    @Test
    void aBusyProcessIsSaturatedAndAnIdleOneIsNot() throws Exception {
        Process busy = new ProcessBuilder("/bin/sh", "-c", "while :; do :; done").start();
        Process idle = new ProcessBuilder("/bin/sleep", "30").start();
        try {
            // thresholds low enough to hold on a machine shared with many builds (load average far above its cores)
            LoadGeneratorHealth hot = sample(busy, 2);
            assertThat(hot.samples()).isGreaterThanOrEqualTo(4);
            assertThat(hot.rssPeakBytes()).isPositive();
            assertThat(hot.saturated()).isTrue();

            LoadGeneratorHealth cold = sample(idle, 2);
            assertThat(cold.cpuPeakPercent()).isLessThan(2);
            assertThat(cold.saturated()).isFalse();
            assertThat(hot.cpuAvgPercent()).isGreaterThan(cold.cpuAvgPercent());
        } finally {
            busy.destroyForcibly();
            idle.destroyForcibly();
        }
    }

    @Test
    void everySampleIsKeptSecondBySecondForTheTimeline() {
        Process busy = startUnchecked("while :; do :; done");
        try {
            LoadSampler sampler = new LoadSampler(2, 0.5, 3);
            long before = System.currentTimeMillis() / 1000 - 1;
            sample(sampler, busy);
            long after = System.currentTimeMillis() / 1000 + 1;
            assertThat(sampler.series().size()).isBetween(2, 4 + (int) (after - before));
            assertThat(sampler.series().averageOver(before, after - before + 1)).isGreaterThan(2.0);
        } finally {
            busy.destroyForcibly();
        }
    }

    private static Process startUnchecked(String shell) {
        try {
            return new ProcessBuilder("/bin/sh", "-c", shell).start();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static LoadGeneratorHealth sample(Process process, double thresholdPercent) {
        return sample(new LoadSampler(thresholdPercent, 0.5, 3), process);
    }

    private static LoadGeneratorHealth sample(LoadSampler sampler, Process process) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(400)).until(() -> {
            sampler.sample(process.toHandle().descendants().collect(java.util.stream.Collectors.collectingAndThen(
                    java.util.stream.Collectors.toList(), list -> {
                        list.add(process.toHandle());
                        return list.stream();
                    })));
            return sampler.health().samples() >= 4;
        });
        return sampler.health();
    }
}
