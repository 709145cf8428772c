package dev.k6runner.runner.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A recorded k6 run under src/test/resources/stream, read independently (a JSON tree per line). */
record Recording(String name, List<JsonNode> lines, JsonNode summaryMetrics) {

    static final List<String> ALL = List.of("arrival-rate", "auth-bearer", "basic-get", "connection-refused",
            "groups-custom-metrics", "handle-summary", "iteration-exception", "mixed-errors", "no-requests",
            "post-json", "sigint", "sigterm", "slow-responses", "stages", "test-abort", "threshold-fail");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Recording load(String name) {
        List<JsonNode> lines = new ArrayList<>();
        try (InputStream in = stream(name)) {
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                lines.add(JSON.readTree(line));
            }
            try (InputStream summary = Objects.requireNonNull(
                    Recording.class.getResourceAsStream("/stream/" + name + "/summary-export.json"))) {
                return new Recording(name, lines, JSON.readTree(summary).get("metrics"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InputStream stream(String name) {
        return Objects.requireNonNull(Recording.class.getResourceAsStream("/stream/" + name + "/metrics.ndjson"), name);
    }

    static MetricStreamFolder fold(String name, FoldLimits limits) {
        MetricStreamFolder folder = new MetricStreamFolder(limits);
        try (InputStream in = stream(name)) {
            folder.consume(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return folder;
    }

    List<JsonNode> points(String metric) {
        return lines.stream().filter(l -> "Point".equals(l.get("type").asString()))
                .filter(l -> metric.equals(l.get("metric").asString())).toList();
    }

    long pointCount() {
        return lines.stream().filter(l -> "Point".equals(l.get("type").asString())).count();
    }

    /** A summary figure, or 0 when the run had no such metric (no-requests has no http_* metrics). */
    double summary(String metric, String field) {
        JsonNode m = summaryMetrics.get(metric);
        return m == null ? 0 : m.get(field).asDouble();
    }

    boolean hasSummary(String metric) {
        return summaryMetrics.has(metric);
    }
}
