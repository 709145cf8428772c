package dev.k6runner.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.k6runner.testsupport.K6Standin;
import tools.jackson.databind.JsonNode;

/** What the queue tests ask of many runs at once: submit, wait for all, count k6 starts. */
final class Runs {

    static final Set<String> TERMINAL = Set.of("completed", "failed", "cancelled", "timed_out", "interrupted");

    private Runs() {
    }

    /** Submits the recording's script; asserts the 202 and returns the test id. */
    static String submit(GatewayClient client, String scenario, String name, String... headers) {
        GatewayClient.Answer accepted = client.submit(Map.of("script", K6Standin.scriptFor(scenario), "name", name), headers);
        assertThat(accepted.status()).as("%s: %s", name, accepted.body()).isEqualTo(202);
        return accepted.body().path("test_id").asString();
    }

    /** Each run's current document, in the order given. */
    static Map<String, JsonNode> documents(GatewayClient client, Collection<String> testIds) {
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        testIds.forEach(id -> documents.put(id, client.result(id).body()));
        return documents;
    }

    static long count(Map<String, JsonNode> documents, String status) {
        return documents.values().stream().filter(document -> status.equals(document.path("status").asString())).count();
    }

    /** Polls until every run has ended; returns their final documents. */
    static Map<String, JsonNode> awaitAllTerminal(GatewayClient client, Collection<String> testIds, Duration atMost) {
        return await("all " + testIds.size() + " runs end").atMost(atMost).pollInterval(Duration.ofMillis(500))
                .until(() -> documents(client, testIds), documents -> documents.values().stream()
                        .allMatch(document -> TERMINAL.contains(document.path("status").asString())));
    }

    /** How many times k6 was started to run this test (the stand-in's invocation log; inspect and version calls excluded). */
    static long k6Starts(Path invocationLog, String testId) {
        if (!Files.exists(invocationLog)) {
            return 0;
        }
        try (var lines = Files.lines(invocationLog)) {
            return lines.filter(line -> line.contains(testId)).filter(line -> line.contains("\"run\"")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Instant startedAt(JsonNode document) {
        return Instant.parse(document.path("started_at").asString());
    }

    static Instant finishedAt(JsonNode document) {
        return Instant.parse(document.path("finished_at").asString());
    }
}
