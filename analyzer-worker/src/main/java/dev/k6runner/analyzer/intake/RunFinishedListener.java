package dev.k6runner.analyzer.intake;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.k6runner.model.Topic;

/** Thin: the handler decides; failures go to the error handler (retry, then dead letter). */
@Component
class RunFinishedListener {

    private final FinishedRunHandler handler;

    RunFinishedListener(FinishedRunHandler handler) {
        this.handler = handler;
    }

    @KafkaListener(topics = Topic.Names.RUNS_FINISHED, groupId = "#{@analyzerGroup}")
    void onRunFinished(ConsumerRecord<String, String> record) {
        handler.handle(record.value());
    }
}
