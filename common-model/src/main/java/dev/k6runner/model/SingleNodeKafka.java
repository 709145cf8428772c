package dev.k6runner.model;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The broker settings a single-node Kafka (one replica of everything) needs for the share groups the
 * services consume through: the one list that local-cluster's broker and the tests' embedded broker both
 * apply, as {@link Topic} is the one list of topic names. Docker Compose and the Kubernetes manifests set the
 * same values through their environment.
 */
public enum SingleNodeKafka {

    SHARE_STATE_REPLICATION("share.coordinator.state.topic.replication.factor", "1"),
    SHARE_STATE_MIN_ISR("share.coordinator.state.topic.min.isr", "1"),
    OFFSETS_REPLICATION("offsets.topic.replication.factor", "1"),
    TRANSACTION_LOG_REPLICATION("transaction.state.log.replication.factor", "1"),
    TRANSACTION_LOG_MIN_ISR("transaction.state.log.min.isr", "1"),
    /** A record given up after 10 deliveries; the gateway re-publishes runs that stay queued. */
    SHARE_DELIVERY_COUNT_LIMIT("group.share.delivery.count.limit", "10");

    /** Every setting, as broker properties. */
    public static final Map<String, String> BROKER_SETTINGS = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(SingleNodeKafka::key, SingleNodeKafka::value));

    private final String key;
    private final String value;

    SingleNodeKafka(String key, String value) {
        this.key = key;
        this.value = value;
    }

    public String key() {
        return key;
    }

    public String value() {
        return value;
    }
}
