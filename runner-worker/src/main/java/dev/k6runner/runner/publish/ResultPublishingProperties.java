package dev.k6runner.runner.publish;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a finished result is retried while the database does not answer, under {@code k6runner.runner.publish.*}.
 * There is no limit on the tries: the result is on disk and its run held, so only the database's answer ends them.
 *
 * @param firstPause   the pause after the first failed try; each next pause doubles
 * @param longestPause the pauses stop growing here: an outage costs at most this much after it ends
 */
@Validated
@ConfigurationProperties("k6runner.runner.publish")
public record ResultPublishingProperties(
        @DefaultValue("1s") @NotNull Duration firstPause,
        @DefaultValue("10s") @NotNull Duration longestPause) {

    /** The defaults, for code that builds a runner by hand. */
    public static ResultPublishingProperties defaults() {
        return new ResultPublishingProperties(Duration.ofSeconds(1), Duration.ofSeconds(10));
    }

    public Duration after(Duration pause) {
        Duration doubled = pause.multipliedBy(2);
        return doubled.compareTo(longestPause) > 0 ? longestPause : doubled;
    }
}
