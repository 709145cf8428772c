package dev.k6runner.runner.intake;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Runs the handling of one run request inside a consumer span that continues the trace carried in the record's
 * headers. The share consumer has no observation of its own; the runner's configuration passes service-platform's
 * {@code KafkaRecordObservation} in, so this class stays free of Spring.
 */
@FunctionalInterface
public interface RecordTracing {

    /** No tracing: the handling just runs. */
    RecordTracing NONE = (record, handling) -> handling.run();

    void observe(ConsumerRecord<String, String> record, Runnable handling);
}
