package dev.k6runner.analyzer.sweep;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The sweep for runs whose RunFinished was lost (k6runner.analyzer.sweeper.*).
 *
 * @param stuckAfter a run analyzing longer than this since its result was stored is analyzed from run_results
 * @param interval   how often the sweep looks
 * @param batchSize  runs finished per sweep at most
 */
@Validated
@ConfigurationProperties("k6runner.analyzer.sweeper")
record SweeperProperties(@NotNull Duration stuckAfter, @NotNull Duration interval, @Min(1) Integer batchSize) {

    public SweeperProperties {
        stuckAfter = stuckAfter == null ? Duration.ofMinutes(2) : stuckAfter;
        interval = interval == null ? Duration.ofSeconds(30) : interval;
        batchSize = batchSize == null ? 50 : batchSize;
    }
}
