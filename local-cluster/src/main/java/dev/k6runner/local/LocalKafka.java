package dev.k6runner.local;

import java.util.Map;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real single-node KRaft broker with share groups configured. Its log is not kept between
 * starts: runs are kept in Postgres, and the gateway re-publishes any run still queued.
 */
final class LocalKafka implements AutoCloseable {

    /** Settings a single node needs for share groups and internal topics. */
    static final Map<String, String> BROKER_SETTINGS = Map.of(
            "share.coordinator.state.topic.replication.factor", "1",
            "share.coordinator.state.topic.min.isr", "1",
            "offsets.topic.replication.factor", "1",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "group.share.delivery.count.limit", "10",
            "message.max.bytes", String.valueOf(8 * 1024 * 1024));

    private final EmbeddedKafkaKraftBroker broker;

    private LocalKafka(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
    }

    static LocalKafka start(LocalClusterSettings settings) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6);
        broker.brokerProperties(BROKER_SETTINGS);
        // The test kit picks random ports; local mode needs a fixed one the services can find again.
        broker.brokerProperty("listeners", "EXTERNAL://127.0.0.1:" + settings.kafkaPort() + ",CONTROLLER://127.0.0.1:" + (settings.kafkaPort() + 1));
        broker.afterPropertiesSet();
        return new LocalKafka(broker);
    }

    String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    @Override
    public void close() {
        broker.destroy();
    }
}
