package dev.k6runner.analyzer.finish;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.k6runner.analyzer.analysis.AnalysisInput;
import dev.k6runner.analyzer.analysis.RunAnalysis;
import dev.k6runner.analyzer.gemini.GeminiAnalyst;
import dev.k6runner.analyzer.store.BaselineRepository;
import dev.k6runner.analyzer.store.RunState;

/** Rules, time series and baseline first; then Gemini's review where configured; timed per analyzer. */
@Component
class AnalysisPipeline {

    private final RunAnalyzer analyzer;
    private final GeminiAnalyst gemini;
    private final BaselineRepository baselines;
    private final MeterRegistry registry;

    AnalysisPipeline(RunAnalyzer analyzer, GeminiAnalyst gemini, BaselineRepository baselines, MeterRegistry registry) {
        this.analyzer = analyzer;
        this.gemini = gemini;
        this.baselines = baselines;
        this.registry = registry;
    }

    RunAnalysis analyze(RunState run, AnalysisInput input) {
        long start = System.nanoTime();
        RunAnalysis rules = analyzer.analyze(input, baselines.historyFor(run));
        RunAnalysis result = gemini.refine(input, rules);
        Timer.builder("k6runner_analysis_duration_seconds").tag("analyzer", result.document().analyzer())
                .publishPercentileHistogram().register(registry)
                .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        return result;
    }
}
