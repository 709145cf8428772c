package dev.k6runner.platform.observability;

import java.util.function.Supplier;

import io.micrometer.observation.ObservationRegistry;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * Continues the trace carried in a record's headers around the code that handles it. Spring Kafka's
 * share-group container (KIP-932) has no observation of its own, so the runner wraps each run
 * request with this; classic listener containers observe by themselves
 * ({@code spring.kafka.listener.observation-enabled}).
 */
public class KafkaRecordObservation {

    private final ObservationRegistry registry;

    public KafkaRecordObservation(ObservationRegistry registry) {
        this.registry = registry;
    }

    /** Runs {@code handler} inside a consumer span that is a child of the producer's span. */
    public <T> T observe(ConsumerRecord<?, ?> record, String groupId, Supplier<T> handler) {
        KafkaRecordReceiverContext context = new KafkaRecordReceiverContext(
                record, groupId, groupId, groupId, () -> "");
        return KafkaListenerObservation.LISTENER_OBSERVATION
                .observation(null, KafkaListenerObservation.DefaultKafkaListenerObservationConvention.INSTANCE,
                        () -> context, registry)
                .observe(handler);
    }

    /** As {@link #observe(ConsumerRecord, String, Supplier)}, for a handler without a result. */
    public void observe(ConsumerRecord<?, ?> record, String groupId, Runnable handler) {
        observe(record, groupId, () -> {
            handler.run();
            return null;
        });
    }
}
