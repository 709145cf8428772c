package dev.k6runner.analyzer.intake;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

import io.micrometer.core.instrument.MeterRegistry;

import dev.k6runner.model.Topic;

/**
 * Poison messages go straight to {@value Topic.Names#RUNS_FINISHED_DLT} with the reason in the
 * header {@value #REASON_HEADER}; anything else (a database hiccup) is retried with backoff a few
 * times first. Either way the partition moves on to the next message.
 */
@Configuration
class DeadLetterConfiguration {

    static final String REASON_HEADER = "k6runner-dlt-reason";
    static final String DETAIL_HEADER = "k6runner-dlt-detail";

    @Bean
    DefaultErrorHandler runFinishedErrorHandler(KafkaTemplate<String, String> template, MeterRegistry registry,
                                                IntakeProperties properties) {
        DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(template,
                (record, exception) -> new TopicPartition(Topic.Names.RUNS_FINISHED_DLT, -1));
        publisher.setHeadersFunction((record, exception) -> {
            RecordHeaders headers = new RecordHeaders();
            headers.add(REASON_HEADER, reason(exception).getBytes(StandardCharsets.UTF_8));
            headers.add(DETAIL_HEADER, String.valueOf(rootMessage(exception)).getBytes(StandardCharsets.UTF_8));
            return headers;
        });
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(properties.maxRetries());
        backOff.setInitialInterval(properties.initialInterval().toMillis());
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(properties.maxInterval().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler((record, exception) -> {
            registry.counter("k6runner_dead_letters_total", "reason", reason(exception)).increment();
            publisher.accept(record, exception);
        }, backOff);
        handler.addNotRetryableExceptions(PoisonMessageException.class);
        return handler;
    }

    static String reason(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof PoisonMessageException poison) {
                return poison.reason();
            }
        }
        return "retries_exhausted";
    }

    private static String rootMessage(Throwable exception) {
        Throwable deepest = exception;
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            deepest = cause;
            if (cause instanceof PoisonMessageException) {
                break;
            }
        }
        return deepest.getMessage();
    }
}
