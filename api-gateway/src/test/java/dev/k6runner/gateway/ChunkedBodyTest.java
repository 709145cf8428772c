package dev.k6runner.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

/**
 * Bodies sent chunked (no Content-Length), whose size the gateway learns only by reading. The limit is
 * 2 × max-script-bytes (2000) + 2 × bundle max-bytes (64 KiB) + 256 KiB = 397,216 bytes. Each oversized body here would have been read to its end
 * before the change, and answered 400 (a field too long, or JSON broken off), or never answered (endless).
 */
class ChunkedBodyTest extends GatewayIntegrationTest {

    private static final long LIMIT = 2 * 2000 + 2 * 65536 + 256 * 1024;

    @Test
    void anOversizedChunkedBodyGetsAReadable413ProblemAndStoresNothing() throws Exception {
        Team team = newTeam(20);
        // a valid script, and a name far too long: without counting, the body is read whole and answered 400 #/name
        byte[] body = ("{\"script\":\"x\",\"name\":\"" + "n".repeat(1_000_000) + "\"}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> answer = sendChunked(team, () -> new ByteArrayInputStream(body));

        assertTooLarge(answer);
        assertThat(runsOf(team)).isZero();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anEndlessChunkedBodyIsCutOffAndAnswered413() throws Exception {
        Team team = newTeam(20);
        AtomicLong sent = new AtomicLong();

        HttpResponse<String> answer = sendChunked(team, () -> endlessScript(sent));

        assertTooLarge(answer);
        assertThat(runsOf(team)).isZero();
        assertThat(sent.get()).as("bytes the client got to send").isLessThan(64L << 20);
    }

    @Test
    void aBodyDeclaringMoreThanTheSwallowLimitStillGetsAReadable413() {
        Team team = newTeam(20);
        // Content-Length 8 MB: refused before reading; the server then discards at most 2 MB of it and cuts the
        // connection, so the answer must be complete (not chunked) and flushed before that
        String body = "{\"script\":\"" + "x".repeat(8_000_000) + "\"}";

        Answer answer = submit(team, body);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json()).as(answer.raw().body()).isNotNull();
        assertThat(answer.json().get("type").asString()).isEqualTo("https://k6runner.dev/problems/script-too-large");
        assertThat(answer.json().get("detail").asString()).contains("8000013 bytes");
        assertThat(runsOf(team)).isZero();
    }

    @Test
    void anUnderLimitChunkedBodyIsAccepted() {
        Team team = newTeam(20);
        String script = "export default function () {}" + " ".repeat(1_900);
        byte[] body = ("{\"script\":\"" + script + "\",\"name\":\"chunked\"}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> answer = sendChunked(team, () -> new ByteArrayInputStream(body));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(runsOf(team)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT length(script) FROM runs WHERE team_id = ?").param(team.id()).query(Integer.class).single())
                .isEqualTo(script.length());
    }

    @Test
    void curlSendingAnOversizedChunkedBodyReadsThe413Problem(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed here (/usr/bin/curl)");
        Team team = newTeam(20);
        Path body = dir.resolve("body.json");
        // 3 MB: more than the limit and Tomcat's 2 MB that it discards after an early answer
        Files.writeString(body, "{\"script\":\"x\",\"name\":\"" + "n".repeat(3_000_000) + "\"}");
        Path out = dir.resolve("answer.json");

        Process curl = new ProcessBuilder("/usr/bin/curl", "-sS", "-o", out.toString(), "-w", "%{http_code}",
                "--max-time", "30", "-H", "Transfer-Encoding: chunked", "-H", "Content-Type: application/json",
                "-H", "Authorization: Bearer " + team.key(), "--data-binary", "@" + body,
                "http://127.0.0.1:" + port + "/api/v1/test/run").redirectErrorStream(true).start();
        String printed = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(curl.waitFor(40, TimeUnit.SECONDS)).isTrue();
        assertThat(printed).isEqualTo("413");
        assertThat(curl.exitValue()).as(printed).isZero();
        JsonNode problem = JSON.readTree(Files.readString(out));
        assertThat(problem.get("status").asInt()).isEqualTo(413);
        assertThat(problem.get("type").asString()).endsWith("/script-too-large");
        assertThat(runsOf(team)).isZero();
    }

    private void assertTooLarge(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(413);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.get("status").asInt()).isEqualTo(413);
        assertThat(problem.get("type").asString()).isEqualTo("https://k6runner.dev/problems/script-too-large");
        assertThat(problem.get("detail").asString()).contains("without Content-Length").contains(String.valueOf(LIMIT))
                .contains("2000 bytes");
        assertThat(problem.get("errors").get(0).get("pointer").asString()).isEqualTo("#/script");
    }

    /** java.net.http sends a body of unknown length (ofInputStream) chunked. */
    private HttpResponse<String> sendChunked(Team team, java.util.function.Supplier<InputStream> body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/test/run"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + team.key())
                .POST(HttpRequest.BodyPublishers.ofInputStream(body)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new AssertionError("the client could not read an answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {"script":"xxxx… without end, counting what the client sent. */
    private static InputStream endlessScript(AtomicLong sent) {
        byte[] head = "{\"script\":\"".getBytes(StandardCharsets.UTF_8);
        return new InputStream() {
            @Override
            public int read() {
                long at = sent.getAndIncrement();
                return at < head.length ? head[(int) at] : 'x';
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                for (int i = 0; i < length; i++) {
                    buffer[offset + i] = (byte) read();
                }
                return length;
            }
        };
    }
}
