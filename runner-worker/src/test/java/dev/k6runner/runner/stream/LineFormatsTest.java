package dev.k6runner.runner.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import dev.k6runner.model.EndpointStats;
import dev.k6runner.model.RunDigest;
import dev.k6runner.model.TimelinePoint;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Lines as k6 may write them, and lines no one should have to trust. */
class LineFormatsTest {

    private static final String TAGS = "{\"method\":\"GET\",\"name\":\"http://h/a\",\"status\":\"200\"}";

    @Test
    void keysInAnyOrderEscapesAndExponentsAreRead() throws IOException {
        String stream = String.join("\n",
                "{\"type\":\"Point\",\"metric\":\"http_reqs\",\"data\":{\"tags\":{\"status\":\"200\",\"name\":\"http://h/q?a=1\\u0026b=\\\"x\\\"\",\"method\":\"GET\"},\"value\":1,\"time\":\"2026-11-23T23:41:45.5Z\"}}",
                "{\"data\":{\"value\":1.5e2,\"time\":\"2026-11-23T23:41:45.6Z\",\"tags\":{\"name\":\"http://h/q?a=1&b=\\\"x\\\"\",\"method\":\"GET\",\"status\":\"200\"}},\"metric\":\"http_req_duration\",\"type\":\"Point\"}",
                "{ \"metric\" : \"http_req_failed\" , \"type\" : \"Point\" , \"data\" : { \"time\" : \"2026-11-23T23:41:45.7Z\" , \"value\" : 0 , \"tags\" : { \"method\" : \"GET\" , \"name\" : \"http:\\/\\/h\\/q?a=1\\u0026b=\\\"x\\\"\" , \"status\" : \"200\" } } }\r",
                "{\"metric\":\"http_req_duration\",\"type\":\"Point\",\"data\":{\"time\":\"2026-11-24T00:41:45.8+01:00\",\"value\":25E-2,\"tags\":" + TAGS + ",\"extra\":[1,{\"x\":\"}\"}]}}",
                "{\"metric\":\"my\\u005fcustom\",\"type\":\"Point\",\"data\":{\"time\":\"2026-11-23T23:41:46Z\",\"value\":-3.25e+1,\"tags\":null}}",
                "",
                "   ",
                "{\"metric\":\"vus\",\"type\":\"Point\",\"data\":{\"time\":\"2026-11-23T23:41:46.000000001Z\",\"value\":7,\"tags\":{}}}");

        MetricStreamFolder folder = fold(stream);
        RunDigest digest = folder.digest(null);

        assertThat(folder.malformedLines()).isZero();
        assertThat(folder.pointsRead()).isEqualTo(6);
        assertThat(digest.endpoints()).extracting(EndpointStats::name)
                .containsExactlyInAnyOrder("http://h/q?a=1&b=\"x\"", "http://h/a");
        EndpointStats query = digest.endpoints().stream().filter(e -> e.name().startsWith("http://h/q")).findFirst().orElseThrow();
        assertThat(query.requests()).isEqualTo(1);
        assertThat(query.maxMs()).isEqualTo(150.0);
        Histogram run = Latencies.fromBase64(digest.latencyHistogram());
        assertThat(run.getTotalCount()).isEqualTo(2);
        assertThat(run.getMinValue()).isEqualTo(250);
        assertThat(digest.timeline()).extracting(TimelinePoint::epochSecond).containsExactly(1795477305L, 1795477306L);
        assertThat(digest.timeline().getLast().vus()).isEqualTo(7);
    }

    /** The Metric line real k6 v0.49 wrote for {@code iterations: [{threshold: 'count<30', abortOnFail: true, …}]} (by hand). */
    @Test
    void aThresholdWithAbortOnFailIsDeclaredByItsExpression() throws IOException {
        String stream = String.join("\n",
                "{\"type\":\"Metric\",\"data\":{\"name\":\"iterations\",\"type\":\"counter\",\"contains\":\"default\",\"thresholds\":[\"count>0\",{\"threshold\":\"count<30\",\"abortOnFail\":true,\"delayAbortEval\":\"1s\"}],\"submetrics\":null},\"metric\":\"iterations\"}",
                point("iterations", 1));

        RunDigest digest = fold(stream).digest(null);

        assertThat(digest.metrics().metrics()).filteredOn(m -> m.name().equals("iterations")).singleElement()
                .satisfies(m -> assertThat(m.thresholds()).containsExactly("count>0", "count<30"));
    }

    /** A segment's abortOnFail metrics are published while k6 runs, and as of the stream's end once it ended. */
    @Test
    void watchedMetricsArePublishedWithTheirFoldSoFar() throws IOException {
        MetricStreamFolder folder = new MetricStreamFolder(FoldLimits.defaults());
        folder.watch(java.util.Set.of("iterations", "http_req_duration{name:checkout}"));
        assertThat(folder.watched()).isEmpty();

        folder.consume(new ByteArrayInputStream(String.join("\n",
                "{\"type\":\"Metric\",\"data\":{\"name\":\"iterations\",\"type\":\"counter\",\"contains\":\"default\",\"thresholds\":[],\"submetrics\":null},\"metric\":\"iterations\"}",
                "{\"type\":\"Metric\",\"data\":{\"name\":\"vus\",\"type\":\"gauge\",\"contains\":\"default\",\"thresholds\":[],\"submetrics\":null},\"metric\":\"vus\"}",
                point("iterations", 1), point("iterations", 1), point("vus", 3)).getBytes(UTF_8)));

        assertThat(folder.watched()).singleElement().satisfies(fold -> {
            assertThat(fold.name()).isEqualTo("iterations");
            assertThat(fold.count()).isEqualTo(2);
        });
    }

    @Test
    void malformedLinesAreCountedAndSkipped() throws IOException {
        String good = point("http_reqs", 1);
        String stream = String.join("\n",
                good,
                "not json at all",
                "{\"metric\":\"http_reqs\",\"type\":\"Point\",\"data\":{\"time\":\"yesterday\",\"value\":1,\"tags\":{}}}",
                "{\"metric\":\"http_reqs\",\"type\":\"Point\",\"data\":{\"time\":\"2026-11-23T23:41:45Z\",\"value\":\"1\"}}",
                "{\"metric\":\"http_reqs\",\"type\":\"Point\",\"data\":{\"time\":\"2026-11-23T23:41:45Z\",\"value\":1}} trailing",
                "{\"metric\":\"http_reqs\",\"type\":\"Poi",
                "{\"metric\":\"http_blocked\",\"type\":\"Point\",\"data\":{\"time\":\"2026-11-23T23:41:45Z\",\"value\":1,\"tags\":{\"a\":\"b",
                "{\"metric\":\"http_reqs\",\"type\":\"Weird\",\"data\":{}}",
                "[1,2,3]",
                "{\"metric\":\"http_reqs\",\"type\":\"Point\",\"data\":{\"time\":\"2026-11-23T23:41:45Z\",\"value\":1,\"tags\":{\"name\":\"bad \\x escape\"}}}",
                good,
                good.substring(0, good.length() / 2));

        MetricStreamFolder folder = fold(stream);

        assertThat(folder.malformedLines()).isEqualTo(10);
        assertThat(folder.pointsRead()).isEqualTo(2);
        assertThat(folder.digest(null).timeline().getFirst().requests()).isEqualTo(2);
    }

    @Test
    void aStreamCutAnywhereNeverThrows() {
        byte[] whole = (point("http_req_duration", 3.5) + "\n" + point("vus", 4) + "\n").getBytes(UTF_8);
        for (int cut = 0; cut <= whole.length; cut++) {
            byte[] prefix = java.util.Arrays.copyOf(whole, cut);
            assertThatCode(() -> {
                MetricStreamFolder folder = new MetricStreamFolder(FoldLimits.defaults());
                folder.consume(new ByteArrayInputStream(prefix));
                assertThat(folder.pointsRead() + folder.malformedLines()).isLessThanOrEqualTo(2);
                folder.digest(null);
            }).doesNotThrowAnyException();
        }
    }

    @Test
    void aLineLongerThanTheBufferIsStillRead() throws IOException {
        String longName = "http://h/" + "x".repeat(3 << 20);
        String line = "{\"metric\":\"http_reqs\",\"type\":\"Point\",\"data\":{\"time\":\"2026-11-23T23:41:45Z\",\"value\":1,"
                + "\"tags\":{\"method\":\"GET\",\"name\":\"" + longName + "\",\"status\":\"200\"}}}";

        MetricStreamFolder folder = fold(line + "\n" + point("http_reqs", 1) + "\n");

        assertThat(folder.pointsRead()).isEqualTo(2);
        assertThat(folder.malformedLines()).isZero();
        assertThat(folder.digest(null).endpoints()).extracting(EndpointStats::name).contains(Endpoints.OTHER);
    }

    @Test
    void aLineBeyondTheLineCapIsSkippedAndTheStreamGoesOn() throws IOException {
        String huge = "{\"metric\":\"x\",\"type\":\"Point\",\"data\":{\"junk\":\"" + "y".repeat(17 << 20) + "\"}}";

        MetricStreamFolder folder = fold(huge + "\n" + point("http_reqs", 1) + "\n" + huge);

        assertThat(folder.malformedLines()).isEqualTo(2);
        assertThat(folder.pointsRead()).isEqualTo(1);
    }

    static String point(String metric, double value) {
        return "{\"metric\":\"" + metric + "\",\"type\":\"Point\",\"data\":{\"time\":\"2026-11-23T23:41:45.429718195Z\",\"value\":"
                + value + ",\"tags\":" + TAGS + "}}";
    }

    private static MetricStreamFolder fold(String stream) throws IOException {
        MetricStreamFolder folder = new MetricStreamFolder(FoldLimits.defaults());
        try (InputStream in = new ByteArrayInputStream(stream.getBytes(UTF_8))) {
            folder.consume(in);
        }
        return folder;
    }
}
