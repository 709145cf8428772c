package dev.k6runner.runner.intake;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Runs the handling of one run request inside a consumer span that continues the trace carried in the record's
 * headers. The share consumer has no observation of its own; {@link ShareGroupTracing} hands it to service-platform's
 * {@code KafkaRecordObservation}, so {@link RunIntake} stays free of it.
 */
@FunctionalInterface
public interface RecordTracing {

    /** No tracing: the handling just runs. */
    RecordTracing NONE = (record, handling) -> handling.run();

    void observe(ConsumerRecord<String, String> record, Runnable handling);
}
