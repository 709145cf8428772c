package dev.k6runner.runner.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import dev.k6runner.model.RunDigest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 18: the runner's k6 writes only the system tags {@link StreamTags} keeps, and the digest stays what it was.
 * Every recorded stream of real k6 is rewritten as k6 writes it under that {@code --system-tags} (k6 v0.49 sets a
 * system tag on a sample only when it is enabled: {@code SetSystemTagOrMetaIfEnabled}; user tags stay), with the
 * threshold names taken from the recording's own summary (its sub-metrics), and folded: the digest equals the one of
 * the full stream, which {@link RecordingsFoldTest} and {@link StreamMetricsFoldTest} check against k6's summary.
 */
class FewerTagsRecordingsTest {

    static final List<String> RECORDINGS = Recording.ALL;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest
    @FieldSource("RECORDINGS")
    void theDigestOfTheStreamWithTheRunnersTagsEqualsTheFullStreams(String name) throws IOException {
        Recording recording = Recording.load(name);
        Set<String> kept = Set.of(StreamTags.flagValue(recording.summaryMetrics().propertyNames(), null).orElseThrow()
                .split(","));
        byte[] fewer = withOnly(recording, kept);

        RunDigest full = Recording.fold(name, FoldLimits.defaults()).digest(null);
        MetricStreamFolder folder = new MetricStreamFolder(FoldLimits.defaults());
        folder.consume(new ByteArrayInputStream(fewer));

        assertThat(folder.malformedLines()).isZero();
        if (recording.hasSummary("http_reqs")) {
            assertThat(new String(fewer, StandardCharsets.UTF_8)).as("url and proto are gone").doesNotContain("\"url\":", "\"proto\":");
        }
        assertThat(folder.digest(null)).usingRecursiveComparison().isEqualTo(full);
    }

    /** The recording as k6 writes it with {@code --system-tags=<kept>}: default system tags not kept are not set. */
    private static byte[] withOnly(Recording recording, Set<String> kept) {
        StringBuilder stream = new StringBuilder();
        for (JsonNode line : recording.lines()) {
            JsonNode tags = line.path("data").path("tags");
            if ("Point".equals(line.get("type").asString()) && tags.isObject()) {
                ((ObjectNode) tags).retain(tags.propertyNames().stream()
                        .filter(tag -> kept.contains(tag) || !StreamTags.K6_DEFAULTS.contains(tag)).toList());
            }
            stream.append(JSON.writeValueAsString(line)).append('\n');
        }
        return stream.toString().getBytes(StandardCharsets.UTF_8);
    }
}
