package dev.k6runner.gateway;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from its start until records with the given keys show up. */
public final class Topics {

    private Topics() {
    }

    static String awaitValue(String bootstrap, String topic, UUID key, Duration atMost) {
        return awaitRecord(bootstrap, topic, key, atMost).value();
    }

    /** The last record with the key among those read until the first one showed up. */
    static ConsumerRecord<String, String> awaitRecord(String bootstrap, String topic, UUID key, Duration atMost) {
        try (KafkaConsumer<String, String> consumer = fromStart(bootstrap, topic)) {
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

    /** How many records each key has on the topic, read from its start until every key showed up and no more came. */
    public static Map<String, Integer> countByKey(String bootstrap, String topic, List<UUID> keys, Duration atMost) {
        List<String> wanted = keys.stream().map(UUID::toString).toList();
        Map<String, Integer> counts = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = fromStart(bootstrap, topic)) {
            await().atMost(atMost).until(() -> {
                var records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, String> record : records) {
                    if (wanted.contains(record.key())) {
                        counts.merge(record.key(), 1, Integer::sum);
                    }
                }
                // every key seen, and a poll that brought nothing more: the topic was read to its end
                return records.isEmpty() && counts.keySet().containsAll(wanted);
            });
        }
        return counts;
    }

    private static KafkaConsumer<String, String> fromStart(String bootstrap, String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "gateway-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        consumer.subscribe(List.of(topic));
        return consumer;
    }
}
