package dev.k6runner.platform.observability;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Observability settings of every service, {@code k6runner.observability.*}.
 *
 * @param kafkaClusterName the Kafka cluster's name in producer and consumer spans; known in advance, so that
 *                         an observed send never waits for the broker to tell its cluster id (which blocks for
 *                         a minute while Kafka is down)
 */
@ConfigurationProperties("k6runner.observability")
public record ObservabilityProperties(@DefaultValue("kafka") String kafkaClusterName) {
}
