package dev.k6runner.runner.intake;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.stereotype.Component;

import dev.k6runner.model.Topic;
import dev.k6runner.platform.kafka.KafkaPlatformProperties;
import dev.k6runner.platform.observability.KafkaRecordObservation;

/** Each run request handled in a consumer span of the runners' share group, continuing the record's trace. */
@Component
final class ShareGroupTracing implements RecordTracing {

    private final KafkaRecordObservation observation;
    private final String shareGroup;

    ShareGroupTracing(KafkaRecordObservation observation, KafkaPlatformProperties platform) {
        this.observation = observation;
        this.shareGroup = platform.group(Topic.Names.RUNNER_SHARE_GROUP);
    }

    @Override
    public void observe(ConsumerRecord<String, String> record, Runnable handling) {
        observation.observe(record, shareGroup, handling);
    }
}
