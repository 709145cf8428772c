package dev.k6runner.runner.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.k6runner.model.CheckFold;
import dev.k6runner.model.MetricFold;
import dev.k6runner.model.StreamMetrics;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every metric, sub-metric, check and group folded out of each recorded stream of real k6 against
 * k6's own summary export: what a merge of several such folds starts from.
 */
class StreamMetricsFoldTest {

    static final List<String> RECORDINGS = Recording.ALL;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest
    @FieldSource("RECORDINGS")
    void everyMetricOfTheSummaryExportHasAFoldWithK6sFigures(String name) {
        Recording recording = Recording.load(name);
        StreamMetrics folded = Recording.fold(name, FoldLimits.defaults()).digest(null).metrics();
        Map<String, MetricFold> byName = new TreeMap<>();
        folded.metrics().forEach(m -> byName.put(m.name(), m));

        for (Map.Entry<String, JsonNode> entry : recording.summaryMetrics().properties()) {
            MetricFold fold = byName.get(entry.getKey());
            assertThat(fold).as(entry.getKey()).isNotNull();
            assertFigures(fold, entry.getValue());
        }
        assertThat(folded.truncated()).isFalse();
    }

    @ParameterizedTest
    @FieldSource("RECORDINGS")
    void checksAndGroupsEqualTheSummaryExportsRootGroup(String name) throws IOException {
        JsonNode rootGroup = summary(name).get("root_group");
        StreamMetrics folded = Recording.fold(name, FoldLimits.defaults()).digest(null).metrics();
        Map<String, long[]> expectedChecks = new TreeMap<>();
        TreeSet<String> expectedGroups = new TreeSet<>();
        collect(rootGroup, expectedChecks, expectedGroups);

        Map<String, long[]> foldedChecks = new TreeMap<>();
        for (CheckFold check : folded.checks()) {
            foldedChecks.put(check.group() + "::" + check.name(), new long[] {check.passes(), check.fails()});
        }
        assertThat(foldedChecks.keySet()).isEqualTo(expectedChecks.keySet());
        foldedChecks.forEach((path, counts) -> assertThat(counts).as(path).containsExactly(expectedChecks.get(path)));
        assertThat(folded.groups()).containsExactlyElementsOf(expectedGroups);
    }

    @Test
    void aDeclaredSubMetricSeesOnlyTheSamplesItsTagsSelect() {
        Recording recording = Recording.load("mixed-errors");
        StreamMetrics folded = Recording.fold("mixed-errors", FoldLimits.defaults()).digest(null).metrics();
        MetricFold expected = folded.metrics().stream()
                .filter(m -> m.name().equals("http_req_duration{expected_response:true}")).findFirst().orElseThrow();
        long selected = recording.points("http_req_duration").stream()
                .filter(p -> "true".equals(p.get("data").get("tags").path("expected_response").asString(""))).count();

        assertThat(expected.count()).isEqualTo(selected).isLessThan(recording.points("http_req_duration").size());
    }

    @Test
    void anEndpointHistogramIsCarriedForEveryEndpointInItsOrder() {
        var digest = Recording.fold("mixed-errors", FoldLimits.defaults()).digest(null);

        assertThat(digest.metrics().endpointHistograms()).hasSameSizeAs(digest.endpoints());
        for (int i = 0; i < digest.endpoints().size(); i++) {
            Histogram h = Latencies.fromBase64(digest.metrics().endpointHistograms().get(i));
            assertThat(h.getTotalCount()).isEqualTo(digest.endpoints().get(i).requests());
        }
    }

    @Test
    void aTimelineHistogramIsCarriedForEveryBucketInItsOrder() {
        var digest = Recording.fold("stages", FoldLimits.defaults()).digest(null);
        List<String> histograms = digest.metrics().timelineHistograms();

        assertThat(histograms).hasSameSizeAs(digest.timeline());
        long recorded = 0;
        for (int i = 0; i < histograms.size(); i++) {
            long count = histograms.get(i) == null ? 0 : Latencies.fromBase64(histograms.get(i)).getTotalCount();
            assertThat(count).isEqualTo(digest.timeline().get(i).requests());
            recorded += count;
        }
        assertThat(recorded).isEqualTo(Recording.load("stages").points("http_req_duration").size());
    }

    private static void assertFigures(MetricFold fold, JsonNode expected) {
        String what = fold.name();
        switch (fold.type()) {
            case "counter" -> assertThat(fold.sum()).as(what).isCloseTo(expected.get("count").asDouble(), within(1e-6));
            case "rate" -> {
                assertThat(fold.nonZero()).as(what).isEqualTo(expected.get("passes").asLong());
                assertThat(fold.count() - fold.nonZero()).as(what).isEqualTo(expected.get("fails").asLong());
            }
            case "gauge" -> {
                assertThat(fold.last()).as(what).isEqualTo(expected.get("value").asDouble());
                assertThat(fold.min()).as(what).isEqualTo(expected.get("min").asDouble());
                assertThat(fold.max()).as(what).isEqualTo(expected.get("max").asDouble());
            }
            default -> assertTrend(fold, expected);
        }
    }

    private static void assertTrend(MetricFold fold, JsonNode expected) {
        String what = fold.name();
        assertThat(fold.sum() / fold.count()).as(what).isCloseTo(expected.get("avg").asDouble(),
                within(1e-9 * Math.max(1, Math.abs(fold.sum()))));
        assertThat(fold.min()).as(what).isEqualTo(expected.get("min").asDouble());
        assertThat(fold.max()).as(what).isEqualTo(expected.get("max").asDouble());
        Histogram h = Latencies.fromBase64(fold.histogram());
        assertThat(h.getTotalCount()).as(what).isEqualTo(fold.count());
        for (double pct : new double[] {50, 90, 95}) {
            String field = pct == 50 ? "med" : "p(" + (int) pct + ")";
            double k6 = expected.get(field).asDouble();
            assertThat(interpolated(h, pct / 100) / 1000.0).as(what + " " + field)
                    .isCloseTo(k6, within(0.001 * Math.abs(k6) + 0.001));
        }
    }

    /** k6's percentile (linear between the two samples around rank p * (n - 1)) read from buckets. */
    private static double interpolated(Histogram h, double p) {
        double rank = p * (h.getTotalCount() - 1);
        double below = valueAtRank(h, (long) Math.floor(rank));
        double above = valueAtRank(h, (long) Math.ceil(rank));
        return below + (above - below) * (rank - Math.floor(rank));
    }

    private static double valueAtRank(Histogram h, long rank) {
        long seen = 0;
        for (var v : h.recordedValues()) {
            seen += v.getCountAddedInThisIterationStep();
            if (seen > rank) {
                long mid = h.medianEquivalentValue(v.getValueIteratedTo());
                return Math.max(h.getMinValue(), Math.min(h.getMaxValue(), mid));
            }
        }
        return h.getMaxValue();
    }

    private static void collect(JsonNode group, Map<String, long[]> checks, TreeSet<String> groups) {
        for (Map.Entry<String, JsonNode> check : group.path("checks").properties()) {
            JsonNode c = check.getValue();
            checks.put(c.get("path").asString(), new long[] {c.get("passes").asLong(), c.get("fails").asLong()});
        }
        for (Map.Entry<String, JsonNode> child : group.path("groups").properties()) {
            groups.add(child.getValue().get("path").asString());
            collect(child.getValue(), checks, groups);
        }
    }

    private static JsonNode summary(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(
                StreamMetricsFoldTest.class.getResourceAsStream("/stream/" + name + "/summary-export.json"))) {
            return JSON.readTree(in);
        }
    }
}
