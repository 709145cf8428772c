package dev.k6runner.runner.intake;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

import dev.k6runner.model.Topic;
import dev.k6runner.platform.kafka.KafkaPlatformProperties;
import dev.k6runner.runner.KafkaClientSettings;
import dev.k6runner.runner.RunnerProperties;

/**
 * The share consumer of run requests and its group's settings. The strictest options Kafka 4.2 offers:
 * explicit acknowledgement, and {@code share.acquire.mode=record_limit} (KIP-1206) with
 * {@code max.poll.records=1}, so the broker acquires for this runner at most one record per poll — it polls
 * only with a free slot, so it never holds a request it cannot run, and no record burns a delivery attempt on a
 * release.
 */
@Component
final class ShareConsumers {

    private static final Logger log = LoggerFactory.getLogger(ShareConsumers.class);

    private final Map<String, Object> common;
    private final String group;
    private final String clientId;

    ShareConsumers(KafkaProperties kafka, KafkaPlatformProperties platform, RunnerProperties properties) {
        this.common = Map.copyOf(KafkaClientSettings.common(kafka));
        this.group = platform.group(Topic.Names.RUNNER_SHARE_GROUP);
        this.clientId = properties.id();
    }

    /** The share group's settings made sure of, then a new share consumer in it. */
    ShareConsumer<String, String> configuredConsumer() {
        configureGroup();
        return create();
    }

    private ShareConsumer<String, String> create() {
        Map<String, Object> config = new HashMap<>(common);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
        config.put(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        // a runner whose slots are all busy for hours does not poll: it must stay a member, not leave and
        // rejoin (which takes seconds) when a slot frees; it holds no unacknowledged record meanwhile
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, Integer.MAX_VALUE);
        return new KafkaShareConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    /**
     * A new share group starts at the latest offset by default: requests published before the first runner
     * joined would wait for the gateway's re-publish. Earliest makes them count at once.
     */
    private void configureGroup() {
        Map<String, Object> config = new HashMap<>(common);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-admin");
        ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
        AlterConfigOp earliest = new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET);
        for (int attempt = 1; attempt <= 5; attempt++) {
            try (Admin admin = Admin.create(config)) {
                admin.incrementalAlterConfigs(Map.of(resource, List.of(earliest))).all().get(30, TimeUnit.SECONDS);
                log.info("share group {}: share.auto.offset.reset=earliest", group);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                log.warn("could not set share.auto.offset.reset on share group {} (attempt {}): {}", group, attempt, e.toString());
                sleepQuietly(Duration.ofSeconds(attempt));
            }
        }
        log.error("share group {} keeps the broker's default offset reset; queued runs rely on the gateway's re-publish", group);
    }

    private static void sleepQuietly(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
