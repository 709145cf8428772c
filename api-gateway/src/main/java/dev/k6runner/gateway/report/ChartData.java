package dev.k6runner.gateway.report;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The charts' columns, in uPlot's shape (one x array, one array per series, null where a bucket has no value),
 * from the run's timeline and the baseline's. x is seconds since the run's first bucket, so that the baseline
 * run, which ran at another time, lies over this one. The timeline is bounded by the runner (at most 900
 * buckets), so the page is too.
 */
public final class ChartData {

    private ChartData() {
    }

    /** A timeline's points, read once from the document's JSON. */
    public record Timeline(long[] seconds, JsonNode[] points, int bucketSeconds) {

        public static Timeline of(JsonNode document) {
            JsonNode timeline = document == null ? null : document.path("timeline");
            List<JsonNode> points = new ArrayList<>();
            if (timeline != null && timeline.isArray()) {
                timeline.forEach(points::add);
            }
            points.sort((a, b) -> Long.compare(a.path("epoch_second").asLong(), b.path("epoch_second").asLong()));
            long[] seconds = points.stream().mapToLong(point -> point.path("epoch_second").asLong()).toArray();
            return new Timeline(seconds, points.toArray(JsonNode[]::new), bucketWidth(seconds));
        }

        public boolean isEmpty() {
            return seconds.length == 0;
        }

        /** Whether the runner sent the load generator's CPU second by second (runners before it did not). */
        boolean hasGeneratorCpu() {
            for (JsonNode point : points) {
                if (point.path("generator_cpu_percent").isNumber()) {
                    return true;
                }
            }
            return false;
        }

        long start() {
            return seconds[0];
        }

        private static int bucketWidth(long[] seconds) {
            long width = Long.MAX_VALUE;
            for (int i = 1; i < seconds.length; i++) {
                width = Math.min(width, seconds[i] - seconds[i - 1]);
            }
            return width == Long.MAX_VALUE || width < 1 ? 1 : (int) width;
        }
    }

    /** The columns of the run, and of a baseline run (a pinned one) laid over it, joined on elapsed seconds. */
    public static ObjectNode columns(JsonMapper mapper, Timeline run, Timeline baseline) {
        TreeSet<Long> xs = new TreeSet<>();
        for (long second : run.seconds()) {
            xs.add(second - run.start());
        }
        if (!baseline.isEmpty()) {
            for (long second : baseline.seconds()) {
                xs.add(second - baseline.start());
            }
        }
        ObjectNode columns = mapper.createObjectNode();
        ArrayNode x = columns.putArray("x");
        xs.forEach(x::add);
        series(columns, run, xs, "");
        if (!baseline.isEmpty()) {
            series(columns, baseline, xs, "base_");
        }
        return columns;
    }

    private static void series(ObjectNode columns, Timeline timeline, TreeSet<Long> xs, String prefix) {
        ArrayNode p50 = columns.putArray(prefix + "p50");
        ArrayNode p95 = columns.putArray(prefix + "p95");
        ArrayNode p99 = columns.putArray(prefix + "p99");
        ArrayNode rps = columns.putArray(prefix + "rps");
        ArrayNode eps = columns.putArray(prefix + "eps");
        ArrayNode vus = columns.putArray(prefix + "vus");
        // a runner older than the per-second CPU series: no column, the page draws the average and peak levels instead
        ArrayNode cpu = timeline.hasGeneratorCpu() ? columns.putArray(prefix + "cpu") : null;
        int at = 0;
        double width = timeline.bucketSeconds();
        for (long x : xs) {
            while (at < timeline.seconds().length && timeline.seconds()[at] - timeline.start() < x) {
                at++;
            }
            if (at < timeline.seconds().length && timeline.seconds()[at] - timeline.start() == x) {
                JsonNode point = timeline.points()[at];
                number(p50, point.path("p50_ms"));
                number(p95, point.path("p95_ms"));
                number(p99, point.path("p99_ms"));
                rps.add(round(point.path("requests").asDouble() / width));
                eps.add(round(point.path("failed_requests").asDouble() / width));
                vus.add(point.path("vus").asInt());
                if (cpu != null) {
                    number(cpu, point.path("generator_cpu_percent"));
                }
            } else {
                p50.addNull();
                p95.addNull();
                p99.addNull();
                rps.addNull();
                eps.addNull();
                vus.addNull();
                if (cpu != null) {
                    cpu.addNull();
                }
            }
        }
    }

    private static void number(ArrayNode column, JsonNode value) {
        if (value.isNumber()) {
            column.add(round(value.asDouble()));
        } else {
            column.addNull();
        }
    }

    /** Two decimals are more than a chart can show, and keep a 900-bucket page small. */
    static double round(double value) {
        return Math.round(value * 100.0) / 100.0;
    }
}
