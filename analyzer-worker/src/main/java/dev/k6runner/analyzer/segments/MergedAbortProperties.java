package dev.k6runner.analyzer.segments;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * abortOnFail on the merged data of tests on several runners (k6runner.analyzer.merged-abort.*). Bound and validated
 * at start-up, so that a malformed value stops the analyzer with the setting's name; {@link MergedAbortWatch}'s
 * schedule reads the same key.
 *
 * @param interval how often the running tests' abortOnFail thresholds are evaluated on their merged data (2 s: k6's own
 *                 evaluation period)
 */
@Validated
@ConfigurationProperties("k6runner.analyzer.merged-abort")
record MergedAbortProperties(@NotNull Duration interval) {

    public MergedAbortProperties {
        interval = interval == null ? Duration.ofSeconds(2) : interval;
    }
}
