package dev.k6runner.runner.loops;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the runner's supervised loops (run intake, cancel listener) come back after a failure, {@code k6runner.runner.loops.*}.
 *
 * @param initialBackoff the wait before the first restart after a failure
 * @param maxBackoff     the longest wait between restarts; each failure doubles the wait up to this
 * @param healthyAfter   a loop that ran this long before it failed starts again from {@code initialBackoff}
 */
@Validated
@ConfigurationProperties("k6runner.runner.loops")
public record LoopProperties(
        @DefaultValue("200ms") Duration initialBackoff,
        @DefaultValue("30s") Duration maxBackoff,
        @DefaultValue("60s") Duration healthyAfter) {

    public LoopProperties {
        if (!initialBackoff.isPositive() || maxBackoff.compareTo(initialBackoff) < 0 || healthyAfter.isNegative()) {
            throw new IllegalArgumentException("loops: 0 < initial-backoff <= max-backoff, healthy-after >= 0");
        }
    }
}
