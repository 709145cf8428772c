package dev.k6runner.analyzer.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.k6runner.analyzer.Fixtures;
import dev.k6runner.analyzer.analysis.AnalysisInput;
import dev.k6runner.analyzer.analysis.Anomaly;
import dev.k6runner.analyzer.analysis.RunAnalysis;
import dev.k6runner.analyzer.baseline.BaselineComparator;
import dev.k6runner.analyzer.baseline.BaselineHistory;
import dev.k6runner.analyzer.baseline.BaselineProperties;
import dev.k6runner.analyzer.finish.RunAnalyzer;
import dev.k6runner.analyzer.rules.RuleEngine;
import dev.k6runner.analyzer.rules.RulesProperties;
import dev.k6runner.analyzer.timeline.TimelineAnalyzer;
import dev.k6runner.analyzer.timeline.TimelineProperties;
import dev.k6runner.model.RunStatus;
import dev.k6runner.model.Severity;

/** Gemini through the real google-genai SDK against a fake endpoint on 127.0.0.1 (the SDK's base URL). */
class GeminiAnalystTest {

    private static final String GOOD_ANSWER = """
            {"severity":"critical","confidence":0.8,
             "anomalies":[{"type":"high_error_rate","severity":"critical","message":"dup"},
                          {"type":"flaky_dependency","severity":"high","message":"/flaky fails half the time (observed 50%, expected < 1%)",
                           "metric":"error_rate","observed":50,"expected":"< 1","recommendation":"Fix the flaky dependency"}],
             "recommendations":["Stabilize /flaky before the next release"]}""";

    private FakeGemini fake;
    private SimpleMeterRegistry registry;
    private GeminiAnalyst analyst;
    private final MovableClock clock = new MovableClock();
    private final RunAnalyzer rules = new RunAnalyzer(new RuleEngine(RulesProperties.defaults()),
            new TimelineAnalyzer(TimelineProperties.defaults()), new BaselineComparator(BaselineProperties.defaults()));
    private final AnalysisInput input = new AnalysisInput(UUID.randomUUID(), "default", "mixed", RunStatus.COMPLETED, null,
            0, Fixtures.summary("mixed-errors"), "", null);

    /** The SDK's first call loads a lot of classes; keep that out of the timed cases. */
    @BeforeAll
    static void warmUp() throws Exception {
        try (FakeGemini warm = new FakeGemini()) {
            GoogleGeminiClient client = new GoogleGeminiClient(
                    new GeminiProperties("k", null, warm.baseUrl(), Duration.ofSeconds(30), 1, 1, null));
            for (int i = 0; i < 3; i++) {
                warm.answerText("{}");
                client.generateJson("warm up", GeminiPrompt.RESPONSE_SCHEMA);
                warm.answer(503, "{\"error\":{\"code\":503,\"message\":\"warm\",\"status\":\"UNAVAILABLE\"}}");
                try {
                    client.generateJson("warm up", GeminiPrompt.RESPONSE_SCHEMA);
                } catch (GeminiCallException expected) {
                    // the error path needs warming as much as the happy one
                }
            }
        }
    }

    @BeforeEach
    void start() throws Exception {
        fake = new FakeGemini();
        registry = new SimpleMeterRegistry();
        GeminiProperties properties = new GeminiProperties("test-key", "gemini-2.5-flash", fake.baseUrl(),
                Duration.ofMillis(4000), 2, 3, Duration.ofMinutes(5));
        analyst = new GeminiAnalyst(properties, registry, clock);
    }

    @AfterEach
    void stop() {
        analyst.close();
        fake.close();
    }

    @Test
    void successMergesGeminisReviewIntoTheRules() {
        fake.answerText(GOOD_ANSWER);
        RunAnalysis result = analyst.refine(input, rulesAnalysis());
        assertThat(result.document().analyzer()).isEqualTo("ai");
        assertThat(result.document().fallbackReason()).isNull();
        assertThat(result.document().anomalies()).extracting(Anomaly::type)
                .contains("high_error_rate", "checks_failed", "flaky_dependency").doesNotHaveDuplicates();
        assertThat(result.document().anomalies()).filteredOn(a -> a.type().equals("flaky_dependency"))
                .extracting(Anomaly::source).containsExactly("ai");
        assertThat(result.document().recommendations().getFirst()).isEqualTo("Stabilize /flaky before the next release");
        assertThat(result.document().severity()).isEqualTo(Severity.CRITICAL);
        // Gemini said 0.8; the evidence (3 s, no timeline) caps it at the rules' 0.73
        assertThat(result.document().confidence()).isEqualTo(0.73);
        assertThat(fake.requests()).singleElement().asString()
                .contains(":generateContent").contains("responseJsonSchema").contains("error_rate").contains("high_error_rate");
        assertThat(registry.counter("k6runner_gemini_calls_total", "outcome", "success").count()).isEqualTo(1);
    }

    @Test
    void slowAnswerFallsBackWithinTheTimeout() {
        fake.hang();
        long start = System.nanoTime();
        RunAnalysis result = analyst.refine(input, rulesAnalysis());
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        // the 4 s timeout waited out, and no more than the fallback's own work after it (the fake never answers;
        // the upper bound is loose because a busy machine delays the client's timer, not to time the fallback)
        assertThat(elapsedMs).isBetween(3900L, 15_000L);
        assertFallback(result, "timeout");
    }

    @Test
    void malformedAnswerFallsBack() {
        fake.answerText("{\"severity\":\"catastrophic\",\"confidence\":2}");
        assertFallback(analyst.refine(input, rulesAnalysis()), "malformed");
        fake.answerText("this is not json");
        assertFallback(analyst.refine(input, rulesAnalysis()), "malformed");
        assertThat(fake.requests()).hasSize(2);
    }

    @Test
    void serverErrorsAreRetriedOnceThenFallBack() {
        fake.answer(503, "{\"error\":{\"code\":503,\"message\":\"overloaded\",\"status\":\"UNAVAILABLE\"}}");
        assertFallback(analyst.refine(input, rulesAnalysis()), "server_error");
        assertThat(fake.requests()).hasSize(2);
        assertThat(registry.counter("k6runner_gemini_calls_total", "outcome", "server_error").count()).isEqualTo(2);
    }

    @Test
    void rateLimitedFallsBack() {
        fake.answer(429, "{\"error\":{\"code\":429,\"message\":\"quota\",\"status\":\"RESOURCE_EXHAUSTED\"}}");
        assertFallback(analyst.refine(input, rulesAnalysis()), "rate_limited");
        assertThat(fake.requests()).hasSize(2);
    }

    @Test
    void circuitOpensAfterRepeatedFailuresAndSkipsGemini() {
        fake.answer(400, "{\"error\":{\"code\":400,\"message\":\"bad key\",\"status\":\"INVALID_ARGUMENT\"}}");
        for (int i = 0; i < 3; i++) {
            assertFallback(analyst.refine(input, rulesAnalysis()), "client_error");
        }
        assertThat(analyst.circuitOpen()).isTrue();
        fake.answerText(GOOD_ANSWER);
        assertFallback(analyst.refine(input, rulesAnalysis()), "circuit_open");
        assertThat(fake.requests()).hasSize(3);
        assertThat(registry.counter("k6runner_analysis_fallbacks_total", "reason", "circuit_open").count()).isEqualTo(1);
    }

    @Test
    void afterTheOpenPeriodOneTrialCallIsLetThroughAndItsSuccessClosesTheCircuit() {
        openTheCircuit();
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        fake.answerText(GOOD_ANSWER);
        assertThat(analyst.refine(input, rulesAnalysis()).document().analyzer()).isEqualTo("ai");
        assertThat(analyst.circuitOpen()).isFalse();
        assertThat(analyst.refine(input, rulesAnalysis()).document().analyzer()).isEqualTo("ai");
        assertThat(fake.requests()).hasSize(5);
    }

    @Test
    void aFailedTrialCallOpensTheCircuitForAnotherPeriod() {
        openTheCircuit();
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertFallback(analyst.refine(input, rulesAnalysis()), "client_error");
        assertThat(analyst.circuitOpen()).isTrue();
        fake.answerText(GOOD_ANSWER);
        clock.advance(Duration.ofMinutes(4));
        assertFallback(analyst.refine(input, rulesAnalysis()), "circuit_open");
        assertThat(fake.requests()).hasSize(4);
    }

    @Test
    void aSuccessBetweenFailuresKeepsTheCircuitClosed() {
        fake.answer(400, "{\"error\":{\"code\":400,\"message\":\"bad key\",\"status\":\"INVALID_ARGUMENT\"}}");
        analyst.refine(input, rulesAnalysis());
        analyst.refine(input, rulesAnalysis());
        fake.answerText(GOOD_ANSWER);
        analyst.refine(input, rulesAnalysis());
        fake.answer(400, "{\"error\":{\"code\":400,\"message\":\"bad key\",\"status\":\"INVALID_ARGUMENT\"}}");
        analyst.refine(input, rulesAnalysis());
        analyst.refine(input, rulesAnalysis());
        assertThat(analyst.circuitOpen()).isFalse();
        assertThat(fake.requests()).hasSize(5);
    }

    @Test
    void disabledClientLeavesTheRulesAloneWithoutAFallback() {
        GeminiProperties off = new GeminiProperties(null, null, null, null, null, null, null);
        try (GeminiAnalyst disabled = new GeminiAnalyst(off, registry, Clock.systemUTC())) {
            RunAnalysis rulesOnly = rulesAnalysis();
            assertThat(disabled.refine(input, rulesOnly)).isSameAs(rulesOnly);
        }
        assertThat(off.enabled()).isFalse();
    }

    /** Three client errors in a row (not retried): the threshold of the properties above. */
    private void openTheCircuit() {
        fake.answer(400, "{\"error\":{\"code\":400,\"message\":\"bad key\",\"status\":\"INVALID_ARGUMENT\"}}");
        for (int i = 0; i < 3; i++) {
            assertFallback(analyst.refine(input, rulesAnalysis()), "client_error");
        }
        assertThat(analyst.circuitOpen()).isTrue();
    }

    private RunAnalysis rulesAnalysis() {
        return rules.analyze(input, BaselineHistory.empty());
    }

    private void assertFallback(RunAnalysis result, String reason) {
        RunAnalysis rulesOnly = rulesAnalysis();
        assertThat(result.document().analyzer()).isEqualTo("rules");
        assertThat(result.document().fallbackReason()).isEqualTo(reason);
        assertThat(result.document().anomalies()).isEqualTo(rulesOnly.document().anomalies());
        assertThat(result.document().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(registry.counter("k6runner_analysis_fallbacks_total", "reason", reason).count()).isPositive();
    }

    /** A clock the test moves by hand, so the open period passes without waiting for it. */
    private static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-01T12:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
