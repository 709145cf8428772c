package dev.k6runner.analyzer.metrics;

import java.util.List;
import java.util.Objects;

import dev.k6runner.model.RunDigest;
import dev.k6runner.model.TimelinePoint;

/** Turns a summary export into the contract's metrics, field for field. */
public final class MetricsExtractor {

    private static final String DURATION = "http_req_duration";
    /** Counters whose count/rate gives k6's own test duration, most reliable first. */
    private static final List<String> COUNTERS = List.of("iterations", "http_reqs", "data_sent", "data_received");

    private MetricsExtractor() {
    }

    public static RunMetrics extract(SummaryExport export, RunDigest digest) {
        boolean http = export.has("http_reqs");
        Double failedFraction = export.value("http_req_failed", "value");
        return new RunMetrics(
                export.value(DURATION, "avg"),
                export.value(DURATION, "med"),
                export.value(DURATION, "p(90)"),
                export.value(DURATION, "p(95)"),
                export.value(DURATION, "p(99)"),
                export.value(DURATION, "max"),
                failedFraction == null ? null : failedFraction * 100.0,
                export.count("http_reqs", "count"),
                export.count("http_req_failed", "passes"),
                export.value("http_reqs", "rate"),
                vusMax(export, digest),
                export.count("iterations", "count"),
                durationSeconds(export),
                export.count("checks", "passes"),
                export.count("checks", "fails"),
                export.count("data_received", "count"),
                export.count("data_sent", "count"),
                droppedIterations(export, http));
    }

    /** k6 omits vus_max from very short runs; the runner's timeline still saw the VUs then. */
    private static Integer vusMax(SummaryExport export, RunDigest digest) {
        Double max = export.value("vus_max", "max");
        if (max != null) {
            return (int) Math.round(max);
        }
        if (digest == null || digest.timeline() == null || digest.timeline().isEmpty()) {
            return null;
        }
        return digest.timeline().stream().filter(Objects::nonNull).mapToInt(TimelinePoint::vus).max().stream()
                .boxed().filter(vus -> vus > 0).findFirst().orElse(null);
    }

    /** k6 computes every counter's rate as count / test duration, so count / rate is that duration. */
    private static Double durationSeconds(SummaryExport export) {
        for (String counter : COUNTERS) {
            Double count = export.value(counter, "count");
            Double rate = export.value(counter, "rate");
            if (count != null && rate != null && count > 0 && rate > 0) {
                return count / rate;
            }
        }
        return null;
    }

    /** k6 writes dropped_iterations only once one was dropped: absent means none were. */
    private static Long droppedIterations(SummaryExport export, boolean http) {
        Long dropped = export.count("dropped_iterations", "count");
        if (dropped != null) {
            return dropped;
        }
        return export.has("iterations") || http ? 0L : null;
    }
}
