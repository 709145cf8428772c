package dev.k6runner.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.mock.MockProducerFactory;

import dev.k6runner.platform.kafka.KafkaTopicsConfiguration;
import dev.k6runner.platform.logging.RunMdc;

/**
 * A trace started by the gateway travels in the record's headers and continues where the runner
 * handles the record, and the log lines written there carry the trace and the run id.
 */
@ExtendWith(OutputCaptureExtension.class)
class TraceAcrossKafkaTest {

    private static final Serializer<Object> TO_STRING = (topic, data) -> String.valueOf(data).getBytes(StandardCharsets.UTF_8);

    private static final String BROKER = "127.0.0.1:1";

    private ConfigurableApplicationContext context;

    @BeforeEach
    void start() {
        SpringApplication application = new SpringApplication(Service.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        context = application.run(
                "--spring.application.name=tracing-test",
                "--spring.kafka.bootstrap-servers=" + BROKER,
                "--spring.autoconfigure.exclude=" + KafkaTopicsConfiguration.class.getName());
    }

    @AfterEach
    void stop() {
        context.close();
    }

    @Test
    void theRunnerContinuesTheGatewaysTraceAndLogsItWithTheRunId(CapturedOutput output) throws Exception {
        Tracer tracer = context.getBean(Tracer.class);
        ObservationRegistry registry = context.getBean(ObservationRegistry.class);
        @SuppressWarnings("unchecked")
        KafkaTemplate<Object, Object> template = context.getBean(KafkaTemplate.class);
        MockProducer<Object, Object> producer = context.getBean(Service.class).producer;
        UUID runId = UUID.randomUUID();

        // No broker listens at BROKER: the observed send must not wait to learn the cluster id.
        String gatewayTrace = assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                Observation.createNotStarted("intake", registry).observeChecked(() -> {
                    template.send("k6.runs.requested", runId.toString(), "{}").get();
                    return tracer.currentSpan().context().traceId();
                }));

        ProducerRecord<Object, Object> sent = producer.history().getFirst();
        Header traceparent = sent.headers().lastHeader("traceparent");
        assertThat(traceparent).as("the template's observation writes W3C trace context").isNotNull();
        assertThat(new String(traceparent.value(), StandardCharsets.UTF_8)).contains(gatewayTrace);

        ConsumerRecord<String, String> received = new ConsumerRecord<>(sent.topic(), 0, 0L, runId.toString(), "{}");
        sent.headers().forEach(header -> received.headers().add(header));
        String runnerTrace = context.getBean(KafkaRecordObservation.class).observe(received, "k6-runners", () -> {
            try (var _ = RunMdc.open(runId)) {
                LoggerFactory.getLogger(TraceAcrossKafkaTest.class).info("claimed");
            }
            return tracer.currentSpan().context().traceId();
        });

        assertThat(runnerTrace).isEqualTo(gatewayTrace);
        assertThat(output.getOut()).containsPattern("trace=" + gatewayTrace + " span=[0-9a-f]{16} run_id=" + runId + "\\].*claimed");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Service {

        final MockProducer<Object, Object> producer = new MockProducer<>(true, null, TO_STRING, TO_STRING);

        @Bean
        ProducerFactory<Object, Object> producerFactory() {
            return new MockProducerFactory<>(() -> producer) {
                @Override
                public Map<String, Object> getConfigurationProperties() {
                    return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER);
                }
            };
        }
    }
}
