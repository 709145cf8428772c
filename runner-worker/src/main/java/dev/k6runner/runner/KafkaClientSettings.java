package dev.k6runner.runner;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/** The settings every Kafka client of the runner shares, for the clients it builds itself (share and control consumers). */
public final class KafkaClientSettings {

    private KafkaClientSettings() {
    }

    /** Bootstrap servers and the shared client settings (security), not the classic consumer's own options. */
    public static Map<String, Object> common(KafkaProperties kafka) {
        Map<String, Object> common = new HashMap<>(kafka.getProperties());
        common.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()));
        if (kafka.getSecurity().getProtocol() != null) {
            common.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, kafka.getSecurity().getProtocol());
        }
        return common;
    }
}
