package dev.k6runner.bench.analysis;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.k6runner.analyzer.analysis.AnalysisInput;
import dev.k6runner.analyzer.analysis.AnalysisJson;
import dev.k6runner.analyzer.analysis.RunAnalysis;
import dev.k6runner.analyzer.baseline.BaselineHistory;
import dev.k6runner.analyzer.finish.RunAnalyzer;

/**
 * One analysis without Gemini: parse the summary export, metrics, rules, time series over a
 * 600-second timeline and 40 endpoint entries, a 20-run baseline, verdict, and the JSON the store
 * writes. Throughput gives analyses per second; SampleTime gives the latency percentiles (p0.95).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
public class AnalysisBenchmark {

    private RunAnalyzer analyzer;
    private AnalysisInput input;
    private BaselineHistory history;

    @Setup
    public void setUp() {
        analyzer = AnalysisWorkload.analyzer();
        input = AnalysisWorkload.input();
        history = AnalysisWorkload.history();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.SECONDS)
    public String analyzeAndSerialize() {
        RunAnalysis analysis = analyzer.analyze(input, history);
        return AnalysisJson.write(analysis.metrics()) + AnalysisJson.write(analysis.thresholds())
                + AnalysisJson.write(analysis.document());
    }
}
