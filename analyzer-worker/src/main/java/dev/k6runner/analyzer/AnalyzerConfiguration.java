package dev.k6runner.analyzer;

import java.time.Clock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;

/** The library objects the analyzer uses; its own classes are component-scanned. */
@Configuration
class AnalyzerConfiguration {

    /** The time the Gemini circuit breaker measures its open period by; tests give their own. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    MeterRegistryCustomizer<MeterRegistry> applicationTag(@Value("${spring.application.name}") String application) {
        return registry -> registry.config().commonTags("application", application);
    }
}
