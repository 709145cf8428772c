package dev.k6runner.runner.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The benchmark's Jackson scanner is only a fair comparison if it folds exactly what the runner's
 * hand-written scanner folds: same points, timeline, endpoints, histogram and malformed count.
 */
class JacksonScannerAgreesTest {

    /** The real k6 recordings the runner's own tests fold (the benchmarks module runs in its folder). */
    private static final Path RECORDINGS = Path.of("..", "runner-worker", "src", "test", "resources", "stream");

    @Test
    void bothScannersFoldEveryRecordedK6StreamAlike() throws IOException {
        List<Path> streams;
        try (Stream<Path> folders = Files.list(RECORDINGS)) {
            streams = folders.map(f -> f.resolve("metrics.ndjson")).filter(Files::exists).sorted().toList();
        }
        assertThat(streams).hasSizeGreaterThan(10);
        for (Path stream : streams) {
            assertFoldAlike(Files.readAllBytes(stream), stream.toString());
        }
    }

    @Test
    void bothScannersReadEscapesKeyOrdersOffsetsAndExponentsAlike() throws IOException {
        String tags = "{\"status\":\"200\",\"name\":\"http://h/q?a=1\\u0026b=\\\"x\\\"\\\\y\",\"method\":\"GET\"}";
        String stream = String.join("\n",
                "{\"type\":\"Point\",\"metric\":\"http_reqs\",\"data\":{\"tags\":" + tags + ",\"value\":1,\"time\":\"2026-11-23T23:41:45.5Z\"}}",
                "{\"data\":{\"value\":1.5e2,\"time\":\"2026-11-23T23:41:45.6Z\",\"tags\":" + tags + "},\"metric\":\"http_req_duration\",\"type\":\"Point\"}",
                " { \"metric\" : \"http_req_failed\" , \"type\" : \"Point\" , \"data\" : { \"time\" : \"2026-11-23T23:41:45.7Z\" , \"value\" : 1 , \"tags\" : " + tags + " } }\r",
                "{\"metric\":\"http_req_duration\",\"type\":\"Point\",\"data\":{\"time\":\"2026-11-24T00:41:45.8+01:00\",\"value\":25E-2,\"tags\":{\"name\":\"caf\\u00e9 \\ud83d\\ude00\"},\"extra\":[1,{\"x\":\"}\"}]}}",
                "{\"metric\":\"http\\u005freqs\",\"type\":\"Point\",\"data\":{\"time\":\"2026-11-23T23:41:46Z\",\"value\":-3.25e+1,\"tags\":null}}",
                "",
                "{\"metric\":\"vus\",\"type\":\"Point\",\"data\":{\"time\":\"2026-11-23T23:41:46.000000001Z\",\"value\":7,\"tags\":{}}}",
                "not json",
                "{\"metric\":\"http_reqs\",\"type\":\"Point\",\"data\":{\"time\":\"yesterday\",\"value\":1,\"tags\":{}}}",
                "{\"metric\":\"http_reqs\",\"type\":\"Point\",\"data\":{\"time\":\"2026-11-23T23:41:45Z\",\"value\":\"1\"}}",
                "{\"metric\":\"http_reqs\",\"type\":\"Point\",\"data\":{\"time\":\"2026-11-23T23:41:45Z\",\"value\":1}} trailing",
                "{\"metric\":\"http_reqs\",\"type\":\"Poi",
                "[1,2,3]",
                "{\"type\":\"Metric\",\"data\":{\"name\":\"vus\",\"type\":\"gauge\"},\"metric\":\"vus\"}");
        assertFoldAlike(stream.getBytes(UTF_8), "hand-made lines");
    }

    private static void assertFoldAlike(byte[] stream, String what) throws IOException {
        MetricStreamFolder handWritten = new MetricStreamFolder(FoldLimits.defaults());
        handWritten.consume(new ByteArrayInputStream(stream));
        for (boolean handWrittenTime : new boolean[] {false, true}) {
            JacksonStreamFolder jackson = new JacksonStreamFolder(FoldLimits.defaults(), handWrittenTime);
            jackson.consume(new ByteArrayInputStream(stream));
            assertThat(JacksonStreamFolder.comparable(jackson.digest(null))).as(what)
                    .isEqualTo(JacksonStreamFolder.comparable(handWritten.digest(null)));
            assertThat(jackson.malformedLines()).as(what).isEqualTo(handWritten.malformedLines());
            assertThat(jackson.pointsRead()).as(what).isEqualTo(handWritten.pointsRead());
        }
    }
}
