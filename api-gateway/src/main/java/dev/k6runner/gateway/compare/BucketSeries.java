package dev.k6runner.gateway.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import tools.jackson.databind.JsonNode;

/**
 * The per-bucket samples of a run's timeline (as the results document serves it) that a metric's verdict is
 * decided on. Each bucket's percentiles are read by the runner from that bucket's latency histogram, so a sample
 * is one second (or bucket) of the run's latency distribution, not one number of the whole run.
 */
enum BucketSeries {

    P50("per-bucket p50 latency (ms)", point -> latency(point, "p50_ms")),
    P95("per-bucket p95 latency (ms)", point -> latency(point, "p95_ms")),
    P99("per-bucket p99 latency (ms)", point -> latency(point, "p99_ms")),
    REQUEST_RATE("per-bucket requests/s", point -> Double.NaN),
    ERROR_PERCENT("per-bucket failed requests (%)", point -> point.path("requests").asLong() == 0 ? Double.NaN
            : 100.0 * point.path("failed_requests").asDouble() / point.path("requests").asDouble());

    private final String description;
    private final ToDoubleFunction<JsonNode> value;

    BucketSeries(String description, ToDoubleFunction<JsonNode> value) {
        this.description = description;
        this.value = value;
    }

    String description() {
        return description;
    }

    /** The samples of a run's document; buckets with no value (no request) are left out. */
    double[] of(JsonNode document) {
        JsonNode timeline = document.path("timeline");
        if (this == REQUEST_RATE) {
            return requestRates(timeline);
        }
        List<Double> samples = new ArrayList<>();
        for (JsonNode point : timeline) {
            double sample = value.applyAsDouble(point);
            if (!Double.isNaN(sample)) {
                samples.add(sample);
            }
        }
        return samples.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double latency(JsonNode point, String member) {
        JsonNode value = point.path(member);
        return value.isNumber() && point.path("requests").asLong() > 0 ? value.asDouble() : Double.NaN;
    }

    /** Requests over each bucket's width (the smallest step between buckets: the runner widens them for long runs). */
    private static double[] requestRates(JsonNode timeline) {
        long width = Long.MAX_VALUE;
        long previous = Long.MIN_VALUE;
        for (JsonNode point : timeline) {
            long second = point.path("epoch_second").asLong();
            if (previous != Long.MIN_VALUE && second > previous) {
                width = Math.min(width, second - previous);
            }
            previous = second;
        }
        double seconds = width == Long.MAX_VALUE ? 1 : width;
        double[] rates = new double[timeline.size()];
        for (int i = 0; i < rates.length; i++) {
            rates[i] = timeline.get(i).path("requests").asDouble() / seconds;
        }
        return rates;
    }
}
