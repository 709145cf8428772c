package dev.k6runner.platform.observability;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

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

    @Bean
    @ConditionalOnMissingBean
    KafkaRecordObservation kafkaRecordObservation(ObjectProvider<ObservationRegistry> registry) {
        return new KafkaRecordObservation(registry.getIfAvailable(() -> ObservationRegistry.NOOP));
    }
}
