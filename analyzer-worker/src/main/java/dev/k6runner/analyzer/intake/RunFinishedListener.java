package dev.k6runner.analyzer.intake;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.k6runner.model.Topic;
import dev.k6runner.platform.kafka.KafkaPlatformProperties;

/** Thin: the handler decides; failures go to the error handler (retry, then dead letter). */
@Component
class RunFinishedListener {

    private final FinishedRunHandler handler;
    private final String group;

    RunFinishedListener(FinishedRunHandler handler, KafkaPlatformProperties kafka) {
        this.handler = handler;
        this.group = kafka.group(Topic.Names.ANALYZER_GROUP);
    }

    /** The consumer group, read by the annotation below through spring-kafka's {@code __listener}. */
    public String group() {
        return group;
    }

    @KafkaListener(topics = Topic.Names.RUNS_FINISHED, groupId = "#{__listener.group()}")
    void onRunFinished(ConsumerRecord<String, String> record) {
        handler.handle(record.value());
    }
}
