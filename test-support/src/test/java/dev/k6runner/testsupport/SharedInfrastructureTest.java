package dev.k6runner.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;

class SharedInfrastructureTest {

    @Test
    void shareGroupDeliversRecordsSentBeforeItsFirstFetchAndTakesBackReleasedOnes() throws Exception {
        String topic = "smoke-share";
        String group = "smoke-group";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()))) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group),
                    (Collection<AlterConfigOp>) List.of(new AlterConfigOp(
                            new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET))))
                    .all().get();
        }
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", SharedKafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get();
            }
        }
        Properties props = new Properties();
        props.put("bootstrap.servers", SharedKafka.bootstrapServers());
        props.put("group.id", group);
        props.put("share.acknowledgement.mode", "explicit");
        List<String> accepted = new ArrayList<>();
        boolean[] releasedOnce = {false};
        try (var consumer = new KafkaShareConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (!releasedOnce[0]) {
                        releasedOnce[0] = true;
                        consumer.acknowledge(record, AcknowledgeType.RELEASE);
                    } else {
                        accepted.add(record.value());
                        consumer.acknowledge(record, AcknowledgeType.ACCEPT);
                    }
                }
                consumer.commitSync();
                return accepted.size() >= 3;
            });
        }
        assertThat(accepted).containsExactlyInAnyOrder("v0", "v1", "v2");
    }

    @Test
    void eachCallerGetsItsOwnEmptyDatabase() throws Exception {
        String first = SharedPostgres.freshDatabase();
        String second = SharedPostgres.freshDatabase();
        assertThat(first).isNotEqualTo(second);
        try (Connection connection = DriverManager.getConnection(first, SharedPostgres.username(), SharedPostgres.password());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select count(*) from pg_tables where schemaname = 'public'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }
}
