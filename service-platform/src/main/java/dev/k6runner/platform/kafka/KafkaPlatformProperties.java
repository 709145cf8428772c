package dev.k6runner.platform.kafka;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the services lay out their topics and name their groups.
 *
 * @param partitions        partitions of each topic the services create (more partitions, more parallel analyzers)
 * @param replicationFactor replicas of each topic the services create (1 for a single broker)
 * @param groupSuffix       appended to every consumer and share group name; tests use it to keep contexts apart
 * @param maxMessageBytes   largest message a topic accepts; RunFinished carries the raw summary and a bounded digest
 */
@Validated
@ConfigurationProperties("k6runner.kafka")
public record KafkaPlatformProperties(
        @Min(1) Integer partitions,
        @Min(1) Short replicationFactor,
        @NotNull String groupSuffix,
        @Min(1024) Integer maxMessageBytes) {

    public KafkaPlatformProperties {
        partitions = partitions == null ? 6 : partitions;
        replicationFactor = replicationFactor == null ? 1 : replicationFactor;
        groupSuffix = groupSuffix == null ? "" : groupSuffix;
        maxMessageBytes = maxMessageBytes == null ? 8 * 1024 * 1024 : maxMessageBytes;
    }

    /** The group name to use for a base name such as {@code k6-runners}. */
    public String group(String baseName) {
        return baseName + groupSuffix;
    }
}
