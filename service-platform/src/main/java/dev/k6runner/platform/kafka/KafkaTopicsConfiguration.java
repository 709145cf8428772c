package dev.k6runner.platform.kafka;

import java.util.Arrays;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

import dev.k6runner.model.Topic;

/** Every service declares all topics, so whichever starts first creates them. */
@AutoConfiguration
@EnableConfigurationProperties(KafkaPlatformProperties.class)
public class KafkaTopicsConfiguration {

    @Bean
    KafkaAdmin.NewTopics k6RunnerTopics(KafkaPlatformProperties properties) {
        return new KafkaAdmin.NewTopics(Arrays.stream(Topic.values())
                .map(topic -> TopicBuilder.name(topic.topicName())
                        .partitions(properties.partitions())
                        .replicas(properties.replicationFactor())
                        .config("max.message.bytes", String.valueOf(properties.maxMessageBytes()))
                        .build())
                .toArray(NewTopic[]::new));
    }

    @Bean
    EventCodec eventCodec() {
        return new EventCodec();
    }
}
