package dev.k6runner.gateway;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import dev.k6runner.platform.bundle.BundleLimits;

/**
 * Multi-file tests and k6 archives, under {@code k6runner.bundle.*}.
 *
 * @param maxBytes    the largest bundle: the uploaded archive, or the sum of a files map's contents; larger is 413.
 *                    At most 256 MiB: a bundle is one Postgres value, read whole by the runner (docs/architecture.md)
 * @param maxFiles    the most files a bundle may hold; more is 400
 * @param unusedGrace how long a bundle no run references is kept before retention deletes it (an upload waits
 *                    that long at most for the run that references it)
 */
@Validated
@ConfigurationProperties("k6runner.bundle")
public record BundleProperties(
        @DefaultValue("16777216") @Min(1) @Max(268_435_456) long maxBytes,
        @DefaultValue("1000") @Min(1) int maxFiles,
        @DefaultValue("1h") @NotNull Duration unusedGrace) {

    public BundleLimits limits() {
        return new BundleLimits(maxBytes, maxFiles);
    }
}
