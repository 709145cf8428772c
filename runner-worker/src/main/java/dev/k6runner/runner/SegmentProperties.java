package dev.k6runner.runner;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Tests on several runners ({@code runners: N}), under {@code k6runner.runner.segments.*}.
 *
 * @param startDelay   how far after the placement the start barrier lies: every segment's k6 starts at that instant,
 *                     so it must cover a wake-up ({@code pollInterval}), the folder and {@code k6 inspect}
 * @param pollInterval how often a runner looks for segments placed on it, renews their leases, stops those whose
 *                     test broke elsewhere, and looks for segments whose runner died
 * @param runnerAlive  a runner whose heartbeat is older than this gets no segment
 */
@Validated
@ConfigurationProperties("k6runner.runner.segments")
public record SegmentProperties(
        @DefaultValue("3s") @NotNull Duration startDelay,
        @DefaultValue("200ms") @NotNull Duration pollInterval,
        @DefaultValue("10s") @NotNull Duration runnerAlive) {

    /** The defaults, for tests that build the parts by hand. */
    public static SegmentProperties defaults() {
        return new SegmentProperties(Duration.ofSeconds(3), Duration.ofMillis(200), Duration.ofSeconds(10));
    }
}
