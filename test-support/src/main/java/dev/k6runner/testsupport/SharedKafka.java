package dev.k6runner.testsupport;

import java.util.Map;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** One real KRaft broker per test JVM, configured for share groups, started on first use. */
public final class SharedKafka {

    /** Broker settings that share groups need on a single node. */
    public static final Map<String, String> SHARE_GROUP_BROKER_SETTINGS = Map.of(
            "share.coordinator.state.topic.replication.factor", "1",
            "share.coordinator.state.topic.min.isr", "1",
            "offsets.topic.replication.factor", "1",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "group.share.delivery.count.limit", "10",
            "auto.create.topics.enable", "true",
            "num.partitions", "4");

    private static EmbeddedKafkaKraftBroker broker;

    private SharedKafka() {
    }

    public static synchronized EmbeddedKafkaKraftBroker broker() {
        if (broker == null) {
            EmbeddedKafkaKraftBroker started = new EmbeddedKafkaKraftBroker(1, 4);
            started.brokerProperties(SHARE_GROUP_BROKER_SETTINGS);
            started.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "shared-kafka-stop"));
            broker = started;
        }
        return broker;
    }

    public static String bootstrapServers() {
        return broker().getBrokersAsString();
    }
}
