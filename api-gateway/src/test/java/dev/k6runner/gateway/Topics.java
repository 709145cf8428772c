package dev.k6runner.gateway;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from its start until a record with the given key shows up. */
final class Topics {

    private Topics() {
    }

    static String awaitValue(String bootstrap, String topic, UUID key, Duration atMost) {
        return awaitRecord(bootstrap, topic, key, atMost).value();
    }

    /** The last record with the key among those read until the first one showed up. */
    static ConsumerRecord<String, String> awaitRecord(String bootstrap, String topic, UUID key, Duration atMost) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "gateway-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            await().atMost(atMost).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.toString().equals(record.key())) {
                        found.add(record);
                    }
                }
                return !found.isEmpty();
            });
            return found.getLast();
        }
    }
}
