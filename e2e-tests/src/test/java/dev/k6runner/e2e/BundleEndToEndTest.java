package dev.k6runner.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.k6runner.testsupport.K6Standin;
import tools.jackson.databind.JsonNode;

/**
 * Multi-file tests through the whole service (gateway, Kafka, runner with the k6 stand-in, analyzer, Postgres): a
 * JSON files map and a multipart k6 archive end with real k6's own numbers for that project.
 */
class BundleEndToEndTest {

    private static GatewayClient client;

    @BeforeAll
    static void startPipeline() {
        client = new GatewayClient(Pipeline.get().gateway);
    }

    @Test
    void aScriptWithItsModuleAndDataFilesAsAJsonFilesMapCompletesAsK6RunDidInItsFolder() {
        Map<String, Object> files = new LinkedHashMap<>();
        for (String file : List.of("lib/util.js", "data/users.csv", "data/config.json")) {
            files.put(file, new String(K6Standin.recorded("multi-file", file), StandardCharsets.UTF_8));
        }
        GatewayClient.Answer accepted = client.submit(Map.of("name", "e2e-multi-file", "files", files,
                "script", new String(K6Standin.recorded("multi-file", "script.js"), StandardCharsets.UTF_8)));
        assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(202);

        JsonNode done = client.awaitTerminal(accepted.body().path("test_id").asString(), Duration.ofSeconds(90));

        assertThat(done.path("status").asString()).as(done.path("status_reason").asString()).isEqualTo("completed");
        assertThat(done.path("k6_exit_code").asInt()).isZero();
        assertThat(done.path("raw_summary")).isEqualTo(Recordings.summary("multi-file"));
        assertThat(done.path("metrics").path("iterations").asLong()).isEqualTo(6);
        assertThat(done.path("metrics").path("checks_passed").asLong()).isEqualTo(12);
        assertThat(done.path("request").path("files").toString())
                .isEqualTo("[\"data/config.json\",\"data/users.csv\",\"lib/util.js\"]");
    }

    @Test
    void aK6ArchiveUploadedAsMultipartRunsWithTheRequestsOverridesAsK6RunArchiveTarDid() {
        byte[] archive = K6Standin.recorded("archive", "archive.tar");
        GatewayClient.Answer accepted = client.submitArchive(archive, "{\"name\":\"e2e-archive\",\"vus\":1,\"iterations\":3}");
        assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(202);

        JsonNode done = client.awaitTerminal(accepted.body().path("test_id").asString(), Duration.ofSeconds(90));

        assertThat(done.path("status").asString()).as(done.path("status_reason").asString()).isEqualTo("completed");
        assertThat(done.path("raw_summary"))
                .isEqualTo(GatewayClient.JSON.readTree(K6Standin.recorded("archive", "overrides-summary-export.json")));
        assertThat(done.path("metrics").path("iterations").asLong()).isEqualTo(3);
        assertThat(done.path("request").path("archive").path("bytes").asLong()).isEqualTo(archive.length);
        assertThat(done.path("request").path("archive").path("sha256").asString()).hasSize(64);
    }
}
