package dev.k6runner.runner.bundle;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import dev.k6runner.platform.bundle.BundleLimits;

/**
 * What a runner accepts from the {@code bundles} table, under {@code k6runner.runner.bundle.*}: checked again before a
 * byte reaches the run's folder, whatever the gateway let through.
 *
 * @param maxBytes the largest bundle a runner writes into a run's folder (the gateway's ceiling, 256 MiB, by default)
 * @param maxFiles the most files it writes
 */
@Validated
@ConfigurationProperties("k6runner.runner.bundle")
record RunnerBundleProperties(
        @DefaultValue("268435456") @Min(1) long maxBytes,
        @DefaultValue("10000") @Min(1) int maxFiles) {

    BundleLimits limits() {
        return new BundleLimits(maxBytes, maxFiles);
    }
}
