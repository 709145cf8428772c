package dev.k6runner.gateway.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * Where on the charts each anomaly happened: at its {@code started_at} (and until its {@code ended_at}, for a
 * window such as an error burst's), which the analyzer sets on every finding over the test's time; a
 * saturation point also carries its VU level ({@code observed}) and a degradation its p95 bound. Analyses
 * stored before those fields existed are read back from what each finding says (docs/analyzer.md): an error
 * burst names its window ("from +70s to +80s"), a latency degradation the bound it crossed (drawn where the
 * p95 first stays above it), a saturation point its VU level (drawn where the VUs first reach it). Findings
 * about the run as a whole have no place and are listed only.
 */
final class AnomalyMarks {

    private static final Pattern WINDOW = Pattern.compile("from \\+(\\d+)s to \\+(\\d+)s");
    private static final Pattern BOUND = Pattern.compile("<\\s*([0-9.]+)\\s*ms");
    /** Buckets that must (by their median) stay above the bound for a degradation to have started there. */
    private static final int SUSTAINED = 5;

    /**
     * One mark: a window ({@code to} non-null) or a moment on the named chart, and on the VU chart for a
     * saturation, its level.
     */
    record Mark(int index, String chart, long from, Long to, Double level, String type, String severity) {
    }

    private AnomalyMarks() {
    }

    static List<Mark> of(JsonNode anomalies, ChartData.Timeline timeline) {
        List<Mark> marks = new ArrayList<>();
        if (anomalies == null || !anomalies.isArray() || timeline.isEmpty()) {
            return marks;
        }
        for (int i = 0; i < anomalies.size(); i++) {
            JsonNode anomaly = anomalies.get(i);
            String type = anomaly.path("type").asString("");
            String severity = anomaly.path("severity").asString("");
            Optional<Mark> mark = anomaly.path("started_at").isString() ? placed(i, anomaly, type, severity, timeline)
                    : switch (type) {
                case "error_burst" -> burst(i, anomaly, severity);
                case "latency_degradation" -> degradation(i, anomaly, severity, timeline);
                case "saturation_point" -> saturation(i, anomaly, severity, timeline);
                default -> Optional.empty();
                };
            mark.ifPresent(marks::add);
        }
        return marks;
    }

    private static Optional<Mark> placed(int index, JsonNode anomaly, String type, String severity,
                                         ChartData.Timeline timeline) {
        long from = Instant.parse(anomaly.path("started_at").asString()).getEpochSecond() - timeline.start();
        Long to = anomaly.path("ended_at").isString()
                ? Instant.parse(anomaly.path("ended_at").asString()).getEpochSecond() - timeline.start() : null;
        return switch (type) {
            case "saturation_point" -> Optional.of(new Mark(index, "vus", from, to, number(anomaly.path("observed")), type, severity));
            case "latency_degradation" -> Optional.of(new Mark(index, "latency", from, to, bound(anomaly), type, severity));
            default -> Optional.of(new Mark(index, chartOf(anomaly.path("metric").asString("")), from, to, null, type, severity));
        };
    }

    private static String chartOf(String metric) {
        if (metric.equals("vus")) {
            return "vus";
        }
        return metric.contains("error") || metric.contains("throughput") ? "throughput" : "latency";
    }

    private static Double number(JsonNode value) {
        return value.isNumber() ? value.asDouble() : null;
    }

    private static Double bound(JsonNode anomaly) {
        Matcher bound = BOUND.matcher(anomaly.path("expected").asString(""));
        return bound.find() ? Double.parseDouble(bound.group(1)) : null;
    }

    private static Optional<Mark> burst(int index, JsonNode anomaly, String severity) {
        Matcher window = WINDOW.matcher(anomaly.path("message").asString(""));
        return window.find()
                ? Optional.of(new Mark(index, "throughput", Long.parseLong(window.group(1)),
                        Long.parseLong(window.group(2)), null, "error_burst", severity))
                : Optional.empty();
    }

    private static Optional<Mark> degradation(int index, JsonNode anomaly, String severity, ChartData.Timeline timeline) {
        Double limit = bound(anomaly);
        if (limit == null) {
            return Optional.empty();
        }
        JsonNode[] points = timeline.points();
        for (int at = 0; at < points.length; at++) {
            if (sustainedAbove(points, at, limit)) {
                return Optional.of(new Mark(index, "latency", timeline.seconds()[at] - timeline.start(), null, limit,
                        "latency_degradation", severity));
            }
        }
        return Optional.empty();
    }

    private static boolean sustainedAbove(JsonNode[] points, int from, double limit) {
        if (!points[from].path("p95_ms").isNumber() || points[from].path("p95_ms").asDouble() < limit) {
            return false;
        }
        List<Double> next = new ArrayList<>();
        for (int at = from; at < Math.min(points.length, from + SUSTAINED); at++) {
            if (points[at].path("p95_ms").isNumber()) {
                next.add(points[at].path("p95_ms").asDouble());
            }
        }
        next.sort(Double::compare);
        return next.get(next.size() / 2) >= limit;
    }

    private static Optional<Mark> saturation(int index, JsonNode anomaly, String severity, ChartData.Timeline timeline) {
        Double level = number(anomaly.path("observed"));
        if (level == null) {
            return Optional.empty();
        }
        for (int at = 0; at < timeline.points().length; at++) {
            if (timeline.points()[at].path("vus").asDouble() >= level) {
                return Optional.of(new Mark(index, "vus", timeline.seconds()[at] - timeline.start(), null, level,
                        "saturation_point", severity));
            }
        }
        return Optional.empty();
    }
}
