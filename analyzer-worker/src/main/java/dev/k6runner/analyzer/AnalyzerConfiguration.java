package dev.k6runner.analyzer;

import java.time.Clock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;

import dev.k6runner.analyzer.analysis.RunAnalyzer;
import dev.k6runner.analyzer.baseline.BaselineComparator;
import dev.k6runner.analyzer.baseline.BaselineProperties;
import dev.k6runner.analyzer.gemini.CircuitBreaker;
import dev.k6runner.analyzer.gemini.DisabledGeminiClient;
import dev.k6runner.analyzer.gemini.GeminiAnalyst;
import dev.k6runner.analyzer.gemini.GeminiClient;
import dev.k6runner.analyzer.gemini.GeminiProperties;
import dev.k6runner.analyzer.gemini.GoogleGeminiClient;
import dev.k6runner.analyzer.rules.RuleEngine;
import dev.k6runner.analyzer.rules.RulesProperties;
import dev.k6runner.analyzer.timeline.TimelineAnalyzer;
import dev.k6runner.analyzer.timeline.TimelineProperties;

/** Wires the plain analysis classes; Gemini's real client only when an API key is set. */
@Configuration
class AnalyzerConfiguration {

    @Bean
    RunAnalyzer runAnalyzer(RulesProperties rules, TimelineProperties timeline, BaselineProperties baseline) {
        return new RunAnalyzer(new RuleEngine(rules), new TimelineAnalyzer(timeline), new BaselineComparator(baseline));
    }

    @Bean
    GeminiClient geminiClient(GeminiProperties properties) {
        return properties.enabled() ? new GoogleGeminiClient(properties) : new DisabledGeminiClient();
    }

    @Bean
    GeminiAnalyst geminiAnalyst(GeminiClient client, GeminiProperties properties, MeterRegistry registry) {
        return new GeminiAnalyst(client, properties, new CircuitBreaker(properties.circuitFailureThreshold(),
                properties.circuitOpenFor(), Clock.systemUTC()), registry);
    }

    @Bean
    MeterRegistryCustomizer<MeterRegistry> applicationTag(@Value("${spring.application.name}") String application) {
        return registry -> registry.config().commonTags("application", application);
    }
}
