package dev.k6runner.analyzer.intake;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Retries of a RunFinished that failed for a transient reason (k6runner.analyzer.intake.*).
 *
 * @param maxRetries      retries before the message goes to the dead-letter topic (the sweeper still finishes the run)
 * @param initialInterval first backoff, doubled on each retry
 * @param maxInterval     longest backoff
 */
@Validated
@ConfigurationProperties("k6runner.analyzer.intake")
record IntakeProperties(@Min(0) Integer maxRetries, @NotNull Duration initialInterval, @NotNull Duration maxInterval) {

    public IntakeProperties {
        maxRetries = maxRetries == null ? 4 : maxRetries;
        initialInterval = initialInterval == null ? Duration.ofMillis(500) : initialInterval;
        maxInterval = maxInterval == null ? Duration.ofSeconds(5) : maxInterval;
    }
}
