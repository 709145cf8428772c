package dev.k6runner.analyzer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;

import dev.k6runner.analyzer.analysis.AnalysisInput;
import dev.k6runner.model.EndpointStats;
import dev.k6runner.model.LoadGeneratorHealth;
import dev.k6runner.model.RunDigest;
import dev.k6runner.model.RunStatus;
import dev.k6runner.model.TimelinePoint;

/** Recorded summary exports and hand-built timelines for the analyzer's tests. */
public final class Fixtures {

    /** Every recording of /work/shared/k6-reference that has a summary export. */
    public static final List<String> RECORDINGS = List.of("arrival-rate", "auth-bearer", "basic-get", "cli-iterations",
            "cli-overrides-stages", "connection-refused", "double-sigint", "groups-custom-metrics", "handle-summary",
            "iteration-exception", "mixed-errors", "no-requests", "post-json", "sigint", "sigterm", "slow-responses",
            "stages", "test-abort", "threshold-fail", "trend-stats-p99");

    public static final long START = 1_790_000_000L;

    private Fixtures() {
    }

    public static String summary(String recording) {
        return resource("/summaries/" + recording + ".json");
    }

    public static String resource(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static AnalysisInput input(String recording, RunStatus outcome, Integer exitCode, RunDigest digest) {
        return new AnalysisInput(UUID.randomUUID(), "default", recording, outcome, null, exitCode, summary(recording),
                "", digest);
    }

    /** A timeline of {@code seconds} one-second buckets, each made by {@code bucket}. */
    public static List<TimelinePoint> timeline(int seconds, IntFunction<TimelinePoint> bucket) {
        List<TimelinePoint> points = new ArrayList<>();
        for (int second = 0; second < seconds; second++) {
            points.add(bucket.apply(second));
        }
        return points;
    }

    public static TimelinePoint point(int second, long requests, long failed, int vus, double p95) {
        return new TimelinePoint(START + second, requests, failed, vus, requests, p95 * 0.6, p95, p95 * 1.3);
    }

    public static RunDigest digest(List<TimelinePoint> timeline, List<EndpointStats> endpoints) {
        return new RunDigest(1, timeline, endpoints, null, new LoadGeneratorHealth(10, 20, 35, 50_000_000, false), 1000, null);
    }

    /** 60 healthy seconds at 10 VUs: 100 req/s, p95 around 50 ms with a little noise, 0.5 % errors. */
    public static List<TimelinePoint> healthyTimeline() {
        return timeline(60, second -> point(second, 100, second % 2, 10, 50 + (second * 7 % 5)));
    }
}
