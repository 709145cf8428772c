package dev.k6runner.platform.observability;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;

/** The observability beans every service shares. */
@AutoConfiguration
public class ObservabilityConfiguration {

    /** Prefix of the service's own meters, with the dot or underscore that follows it. */
    static final String METER_PREFIX = "k6runner";

    /**
     * The service's timers publish Prometheus histogram buckets, so the dashboard can chart p95 of
     * run duration, start delay and analysis latency across instances.
     */
    @Bean
    MeterFilter k6runnerTimerHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() != Meter.Type.TIMER || !id.getName().startsWith(METER_PREFIX)) {
                    return config;
                }
                return DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config);
            }
        };
    }

    /**
     * Observed Kafka templates and listener containers ask the admin for the cluster id to name it in
     * their spans; with the broker down that call blocks the first send (the outbox relay, a cancel) for
     * the admin client's full timeout. The name is configuration instead.
     */
    @Bean
    static BeanPostProcessor kafkaAdminClusterName(Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof KafkaAdmin admin && admin.getClusterId() == null) {
                    admin.setClusterId(Binder.get(environment)
                            .bindOrCreate("k6runner.observability", ObservabilityProperties.class).kafkaClusterName());
                }
                return bean;
            }
        };
    }

    @Bean
    @ConditionalOnMissingBean
    KafkaRecordObservation kafkaRecordObservation(ObjectProvider<ObservationRegistry> registry) {
        return new KafkaRecordObservation(registry.getIfAvailable(() -> ObservationRegistry.NOOP));
    }
}
