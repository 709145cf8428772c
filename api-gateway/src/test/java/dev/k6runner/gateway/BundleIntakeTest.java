package dev.k6runner.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

/** Multi-file tests through the API: a JSON files map, a multipart k6 archive, reruns, and every refusal. */
class BundleIntakeTest extends GatewayIntegrationTest {

    private static final String SCRIPT = "import { pick } from './lib/util.js';\\nexport default function () {}";

    @Test
    void aFilesMapIsStoredOnceAndTheDocumentNamesItsFiles() {
        Team team = newTeam(20);
        String body = filesBody("lib/util.js", "export function pick(l, i) { return l[i]; } // " + UUID.randomUUID());
        long bundlesBefore = bundles();
        UUID first = submitOk(team, body);
        UUID second = submitOk(team, body);
        assertThat(bundles()).as("the same bundle twice is stored once").isEqualTo(bundlesBefore + 1);
        assertThat(bundleOf(first)).isEqualTo(bundleOf(second)).hasSize(64);
        Answer document = get(team, "/api/v1/test/results/" + first);
        assertThat(document.json().get("request").get("files").toString()).isEqualTo("[\"data/users.csv\",\"lib/util.js\"]");
        assertThat(document.json().get("request").has("archive")).isFalse();
        assertThat(historyLineOf(team, first).get("files").toString()).as("history shows what ran")
                .isEqualTo("[\"data/users.csv\",\"lib/util.js\"]");
    }

    @Test
    void everyRefusalOfAFilesMapIsAProblemAndStoresNothing() {
        Team team = newTeam(20);
        long bundlesBefore = bundles();
        for (String[] bad : new String[][] {{"../evil.js", "bundle-path"}, {"/etc/passwd", "bundle-path"},
                {"./script.js", "bundle-path"}}) {
            Answer answer = submit(team, filesBody(bad[0], "x"));
            assertThat(answer.status()).as(bad[0]).isEqualTo(400);
            assertThat(answer.json().get("type").asString()).endsWith(bad[1]);
        }
        Answer remote = submit(team, filesBody("lib/util.js", "import x from 'https://jslib.k6.io/x.js';"));
        assertThat(remote.status()).isEqualTo(422);
        assertThat(runsOf(team)).isZero();
        assertThat(bundles()).isEqualTo(bundlesBefore);
    }

    @Test
    void aBundledSubmissionRefusedForItsQuotaStoresNoBundle() {
        Team team = newTeam(1);
        submitOk(team, "{\"script\":\"export default function () {}\"}");
        long bundlesBefore = bundles();
        Answer refused = submit(team, filesBody("lib/util.js", "// " + UUID.randomUUID()));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(bundles()).isEqualTo(bundlesBefore);
    }

    @Test
    void aK6ArchiveUploadedAsMultipartRunsWithTheRequestsOverridesAndShowsItsSizeAndHash() throws Exception {
        Team team = newTeam(20);
        byte[] archive = recordedArchive();
        Answer answer = multipart(team, archive, "{\"name\":\"archived\",\"vus\":1,\"iterations\":3}");
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(202);
        UUID id = UUID.fromString(answer.json().get("test_id").asString());
        var request = get(team, "/api/v1/test/results/" + id).json().get("request");
        assertThat(request.get("archive").get("bytes").asLong()).isEqualTo(archive.length);
        assertThat(request.get("archive").get("sha256").asString()).isEqualTo(bundleOf(id));
        assertThat(request.get("vus").asInt()).isEqualTo(1);
        assertThat(request.has("files")).isFalse();
        var line = historyLineOf(team, id);
        assertThat(line.get("archive").get("sha256").asString()).isEqualTo(bundleOf(id));
        assertThat(line.has("files")).isFalse();
    }

    private tools.jackson.databind.JsonNode historyLineOf(Team team, UUID id) {
        for (var line : get(team, "/api/v1/test/history?limit=500").json().get("tests")) {
            if (line.get("test_id").asString().equals(id.toString())) {
                return line;
            }
        }
        throw new AssertionError("run " + id + " is not in its team's history");
    }

    @Test
    void everyRefusalOfAnArchiveOrItsMultipartBodyIsAProblemAndStoresNothing() throws Exception {
        Team team = newTeam(20);
        long bundlesBefore = bundles();
        assertProblem(multipart(team, tar("lib/util.js", TarConstants.LF_SYMLINK, "/etc/passwd"), null), 400, "bundle-entry-type");
        assertProblem(multipart(team, tar("../../evil.js", TarConstants.LF_NORMAL, null), null), 400, "bundle-path");
        assertProblem(multipart(team, tar("dev/zero", TarConstants.LF_CHR, null), null), 400, "bundle-entry-type");
        assertProblem(multipart(team, "not a tar".repeat(100).getBytes(StandardCharsets.UTF_8), null), 400, "bundle-malformed");
        assertProblem(multipart(team, tar("script.js", TarConstants.LF_NORMAL, null), null), 400, "bundle-malformed");
        assertProblem(multipart(team, recordedArchive(), "{\"script\":\"x\"}"), 400, "validation");
        assertProblem(multipart(team, recordedArchive(), "{not json"), 400, "malformed-json");
        byte[] whole = multipartBody(recordedArchive(), null);
        assertProblem(post(team, Arrays.copyOf(whole, whole.length / 2)), 400, "bundle-malformed");
        assertThat(runsOf(team)).isZero();
        assertThat(bundles()).isEqualTo(bundlesBefore);
    }

    @Test
    void aRerunMakesANewRunWithTheSameBundleAndOptionsAndTheOverridesGiven() {
        Team team = newTeam(20);
        UUID first = submitOk(team, filesBody("lib/util.js", "export const v = '" + UUID.randomUUID() + "';")
                .replace("\"name\":\"multi\"", "\"name\":\"multi\",\"vus\":2,\"env\":{\"TOKEN\":\"a\"}"));
        Answer rerun = send("POST", "/api/v1/test/results/" + first + "/rerun", team.key(), "{\"vus\":3,\"env\":{\"TOKEN\":\"b\"}}");
        assertThat(rerun.status()).as(rerun.raw().body()).isEqualTo(202);
        UUID second = UUID.fromString(rerun.json().get("test_id").asString());
        assertThat(second).isNotEqualTo(first);
        assertThat(bundleOf(second)).isEqualTo(bundleOf(first));
        var request = get(team, "/api/v1/test/results/" + second).json().get("request");
        assertThat(request.get("vus").asInt()).isEqualTo(3);
        assertThat(request.get("files").toString()).contains("lib/util.js");
        assertThat(jdbc.sql("SELECT name FROM runs WHERE id = ?").param(second).query(String.class).single()).isEqualTo("multi");
        Answer withoutBody = send("POST", "/api/v1/test/results/" + first + "/rerun", team.key(), null);
        assertThat(withoutBody.status()).isEqualTo(202);
        Answer otherTeams = send("POST", "/api/v1/test/results/" + first + "/rerun", newTeam(5).key(), null);
        assertThat(otherTeams.status()).isEqualTo(404);
    }

    @Test
    void aBundleOverTheSizeLimitIs413AsAFilesMapAndAsAMultipartArchiveAndStoresNothing() throws IOException {
        Team team = newTeam(20);
        long bundlesBefore = bundles();
        String big = "x".repeat(65_537);
        assertProblem(submit(team, filesBody("data/big.csv", big)), 413, "bundle-too-large");
        byte[] bigArchive = tar("data/big.csv", TarConstants.LF_NORMAL, null, big.getBytes(StandardCharsets.UTF_8));
        assertProblem(multipart(team, bigArchive, null), 413, "bundle-too-large");
        assertProblem(multipart(team, bigArchive, "{\"name\":\"too-big\"}"), 413, "bundle-too-large");
        assertThat(runsOf(team)).isZero();
        assertThat(bundles()).isEqualTo(bundlesBefore);
    }

    @Test
    void theSameIdempotencyKeyWithAnotherBundleIsRefusedAsForAnotherScript() {
        Team team = newTeam(20);
        String key = "bundle-" + UUID.randomUUID();
        String body = filesBody("lib/util.js", "export const v = '" + UUID.randomUUID() + "';");
        Answer first = submit(team, body, "Idempotency-Key", key);
        assertThat(first.status()).as(first.raw().body()).isEqualTo(202);
        Answer replay = submit(team, body, "Idempotency-Key", key);
        assertThat(replay.status()).isEqualTo(202);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.json().get("test_id")).isEqualTo(first.json().get("test_id"));
        long bundlesBefore = bundles();
        Answer otherFiles = submit(team, filesBody("lib/util.js", "export const v = 'other';"), "Idempotency-Key", key);
        assertProblem(otherFiles, 422, "idempotency-key-reused");
        Answer noFiles = submit(team, "{\"script\":\"" + SCRIPT + "\",\"name\":\"multi\"}", "Idempotency-Key", key);
        assertProblem(noFiles, 422, "idempotency-key-reused");
        assertThat(runsOf(team)).isOne();
        assertThat(bundles()).isEqualTo(bundlesBefore);
    }

    @Test
    void anArchivesEnvBecomesTheRunsEnvUnderTheRequestsAndIsNotStoredWithTheBundle() throws Exception {
        Team team = newTeam(20);
        byte[] archive = archiveWithEnv("{\"TOKEN\":\"archived-secret-" + UUID.randomUUID() + "\",\"MODE\":\"archive\"}");
        Answer answer = multipart(team, archive, "{\"env\":{\"MODE\":\"request\"}}");
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(202);
        UUID id = UUID.fromString(answer.json().get("test_id").asString());
        String env = jdbc.sql("SELECT env::text FROM runs WHERE id = ?").param(id).query(String.class).single();
        assertThat(JSON.readTree(env).get("TOKEN").asString()).startsWith("archived-secret-");
        assertThat(JSON.readTree(env).get("MODE").asString()).isEqualTo("request");
        byte[] stored = jdbc.sql("SELECT content FROM bundles WHERE sha256 = ?").param(bundleOf(id)).query(byte[].class).single();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("archived-secret-");
        var request = get(team, "/api/v1/test/results/" + id).json().get("request");
        assertThat(request.get("archive").get("sha256").asString()).isEqualTo(bundleOf(id));
        assertThat(request.get("env_keys").toString()).contains("TOKEN", "MODE");
    }

    /** The recorded archive as `k6 archive -e …` writes it: its metadata.json's env holds the values. */
    private static byte[] archiveWithEnv(String env) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                new java.io.ByteArrayInputStream(recordedArchive()));
             TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] content = in.readAllBytes();
                if (entry.getName().equals("metadata.json")) {
                    content = new String(content, StandardCharsets.UTF_8).replace("\"env\": {}", "\"env\": " + env)
                            .getBytes(StandardCharsets.UTF_8);
                }
                TarArchiveEntry written = new TarArchiveEntry(entry.getName(), entry.getLinkFlag());
                written.setMode(entry.getMode());
                written.setLinkName(entry.getLinkName());
                written.setSize(content.length);
                out.putArchiveEntry(written);
                out.write(content);
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static String filesBody(String path, String content) {
        return "{\"script\":\"" + SCRIPT + "\",\"name\":\"multi\",\"files\":{\"" + path + "\":" + JSON.writeValueAsString(content)
                + ",\"data/users.csv\":\"name\\nalice\\n\"}}";
    }

    private long bundles() {
        return jdbc.sql("SELECT count(*) FROM bundles").query(Long.class).single();
    }

    private String bundleOf(UUID run) {
        return jdbc.sql("SELECT bundle_sha256 FROM runs WHERE id = ?").param(run).query(String.class).single();
    }

    private static void assertProblem(Answer answer, int status, String slug) {
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().get("type").asString()).endsWith(slug);
    }

    private Answer multipart(Team team, byte[] archive, String request) {
        return post(team, multipartBody(archive, request));
    }

    private Answer post(Team team, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/test/run"))
                .header("Authorization", "Bearer " + team.key())
                .header("Content-Type", "multipart/form-data; boundary=XyZbOuNdArY")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response, response.body().isBlank() ? null : JSON.readTree(response.body()));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] multipartBody(byte[] archive, String request) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--XyZbOuNdArY\r\nContent-Disposition: form-data; name=\"archive\"; filename=\"test.tar\"\r\n"
                + "Content-Type: application/x-tar\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(archive);
        if (request != null) {
            body.writeBytes(("\r\n--XyZbOuNdArY\r\nContent-Disposition: form-data; name=\"request\"\r\n"
                    + "Content-Type: application/json\r\n\r\n" + request).getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes("\r\n--XyZbOuNdArY--\r\n".getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    static byte[] recordedArchive() throws IOException {
        try (var in = BundleIntakeTest.class.getResourceAsStream("/k6-recordings/archive/archive.tar")) {
            return in.readAllBytes();
        }
    }

    private static byte[] tar(String name, byte type, String link) throws IOException {
        byte[] body = type == TarConstants.LF_NORMAL ? "export default function () {}".getBytes(StandardCharsets.UTF_8) : new byte[0];
        return tar(name, type, link, body);
    }

    private static byte[] tar(String name, byte type, String link, byte[] body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
            if (link != null) {
                entry.setLinkName(link);
            }
            entry.setSize(body.length);
            out.putArchiveEntry(entry);
            out.write(body);
            out.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }
}
