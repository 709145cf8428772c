package dev.k6runner.testsupport;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.utils.Exit;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import dev.k6runner.model.SingleNodeKafka;

/** One real KRaft broker per test JVM, configured for share groups, started on first use. */
public final class SharedKafka {

    /** Broker settings that share groups need on a single node, and topics created on first use with 4 partitions. */
    public static final Map<String, String> SHARE_GROUP_BROKER_SETTINGS = withTestTopics(SingleNodeKafka.BROKER_SETTINGS);

    private static EmbeddedKafkaKraftBroker broker;

    private SharedKafka() {
    }

    public static synchronized EmbeddedKafkaKraftBroker broker() {
        if (broker == null) {
            neverEndTheJvm();
            EmbeddedKafkaKraftBroker started = new EmbeddedKafkaKraftBroker(1, 4);
            started.brokerProperties(SHARE_GROUP_BROKER_SETTINGS);
            started.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "shared-kafka-stop"));
            broker = started;
        }
        return broker;
    }

    /**
     * A broker in a test JVM must never end that JVM: Kafka calls {@link Exit#exit} or {@link Exit#halt} on a fatal
     * error (a port it cannot bind, a log it cannot write), which would kill surefire's fork and every test in it
     * with no report. Here they throw instead, so the failure is a test's error with Kafka's message. For tests only:
     * a production broker must exit on such errors.
     */
    public static void neverEndTheJvm() {
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("the embedded Kafka asked to exit the JVM (" + code + "): " + message);
        });
        Exit.setHaltProcedure((code, message) -> {
            throw new IllegalStateException("the embedded Kafka asked to halt the JVM (" + code + "): " + message);
        });
    }

    private static Map<String, String> withTestTopics(Map<String, String> singleNode) {
        Map<String, String> settings = new HashMap<>(singleNode);
        settings.put("auto.create.topics.enable", "true");
        settings.put("num.partitions", "4");
        return Map.copyOf(settings);
    }

    public static String bootstrapServers() {
        return broker().getBrokersAsString();
    }
}
