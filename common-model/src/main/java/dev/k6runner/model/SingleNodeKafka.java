package dev.k6runner.model;

import java.util.Map;

/**
 * The broker settings a single-node Kafka (one replica of everything) needs for the share groups the
 * services consume through: the one list that local-cluster's broker and the tests' embedded broker both
 * apply. Docker Compose and the Kubernetes manifests set the same values through their environment.
 */
public final class SingleNodeKafka {

    /** Share-group state, offsets and transaction logs at one replica; a record given up after 10 deliveries. */
    public static final Map<String, String> BROKER_SETTINGS = Map.of(
            "share.coordinator.state.topic.replication.factor", "1",
            "share.coordinator.state.topic.min.isr", "1",
            "offsets.topic.replication.factor", "1",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "group.share.delivery.count.limit", "10");

    private SingleNodeKafka() {
    }
}
