package dev.k6runner.gateway.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import dev.k6runner.gateway.BundleProperties;
import dev.k6runner.gateway.web.ApiProblem;
import dev.k6runner.platform.bundle.BundleKind;
import dev.k6runner.platform.bundle.BundleLimits;
import dev.k6runner.platform.bundle.BundleTar;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class BundlesTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final Bundles bundles = new Bundles(new BundleProperties(1000, 3, Duration.ofHours(1)), MAPPER);

    @Test
    void aFilesMapIsNormalisedAndHashedTheSameWhateverItsOrder() {
        Map<String, String> one = new LinkedHashMap<>();
        one.put("./lib/util.js", "export const a = 1;");
        one.put("data/users.csv", "name\nalice\n");
        Map<String, String> other = new LinkedHashMap<>();
        other.put("data//users.csv", "name\nalice\n");
        other.put("lib/util.js", "export const a = 1;");
        Bundle bundle = bundles.files(one);
        assertThat(bundle.kind()).isEqualTo(BundleKind.FILES);
        assertThat(bundle.files()).containsExactly("data/users.csv", "lib/util.js");
        assertThat(bundles.files(other).sha256()).isEqualTo(bundle.sha256()).hasSize(64);
        // hashed while written: the hash and the bytes are those of the canonical tar
        assertThat(bundle.content()).isEqualTo(BundleTar.write(new TreeMap<>(Map.of(
                "data/users.csv", "name\nalice\n".getBytes(StandardCharsets.UTF_8),
                "lib/util.js", "export const a = 1;".getBytes(StandardCharsets.UTF_8)))));
        assertThat(bundle.sha256()).isEqualTo(Bundles.sha256(bundle.content()));
    }

    @Test
    void eachRefusalOfAFilesMapIsAProblemWithItsStatus() {
        assertProblem(() -> bundles.files(Map.of("../x.js", "")), HttpStatus.BAD_REQUEST, "bundle-path");
        assertProblem(() -> bundles.files(Map.of("/etc/passwd", "")), HttpStatus.BAD_REQUEST, "bundle-path");
        assertProblem(() -> bundles.files(Map.of("./script.js", "")), HttpStatus.BAD_REQUEST, "bundle-path");
        assertProblem(() -> bundles.files(Map.of("a.js", "", "./a.js", "")), HttpStatus.BAD_REQUEST, "bundle-path");
        assertProblem(() -> bundles.files(Map.of("a", "", "b", "", "c", "", "d", "")), HttpStatus.BAD_REQUEST,
                "bundle-too-many-files");
        assertProblem(() -> bundles.files(Map.of("big.csv", "x".repeat(1001))), HttpStatus.CONTENT_TOO_LARGE, "bundle-too-large");
    }

    @Test
    void theRecordedK6ArchiveIsAcceptedAndATarThatIsNotOneIsRefused() throws IOException {
        Bundles roomy = new Bundles(new BundleProperties(1 << 20, 100, Duration.ofHours(1)), MAPPER);
        byte[] archive = recordedArchive();
        Bundle bundle = roomy.archive(archive);
        assertThat(bundle.kind()).isEqualTo(BundleKind.ARCHIVE);
        assertThat(bundle.bytes()).isEqualTo(archive.length);
        assertThat(bundle.files()).contains("metadata.json", "data", "file/srv/loadtests/archive/project/lib/util.js");
        assertProblem(() -> roomy.archive("not a tar".getBytes()), HttpStatus.BAD_REQUEST, "bundle-malformed");
        assertProblem(() -> bundles.archive(archive), HttpStatus.CONTENT_TOO_LARGE, "bundle-too-large");
    }

    @Test
    void anArchivesEnvIsTakenOutOfWhatIsStoredSoArchivesThatDifferOnlyInEnvValuesAreOneBundle() throws IOException {
        Bundles roomy = new Bundles(new BundleProperties(1 << 20, 100, Duration.ofHours(1)), MAPPER);
        byte[] withToken = withEnv(recordedArchive(), Map.of("TOKEN", "secret-a", "BASE_URL", "http://127.0.0.1:18080"));
        byte[] otherToken = withEnv(recordedArchive(), Map.of("TOKEN", "secret-b", "BASE_URL", "http://127.0.0.1:18080"));
        Bundle first = roomy.archive(withToken);
        assertThat(first.env()).containsExactlyInAnyOrderEntriesOf(Map.of("TOKEN", "secret-a", "BASE_URL", "http://127.0.0.1:18080"));
        assertThat(new String(first.content(), StandardCharsets.ISO_8859_1)).doesNotContain("secret-a");
        assertThat(metadata(first.content()).get("env").isEmpty()).isTrue();
        assertThat(metadata(first.content()).get("filename").asString())
                .isEqualTo(metadata(withToken).get("filename").asString());
        assertThat(first.sha256()).as("the hash names what is stored").isEqualTo(Bundles.sha256(first.content()));
        assertThat(roomy.archive(otherToken).sha256()).isEqualTo(first.sha256());
        assertThat(BundleTar.scan(first.content(), new BundleLimits(1 << 20, 100))).extracting(BundleTar.Entry::name)
                .isEqualTo(BundleTar.scan(withToken, new BundleLimits(1 << 20, 100)).stream().map(BundleTar.Entry::name).toList());
        byte[] without = recordedArchive();
        assertThat(roomy.archive(without).content()).as("an archive without env is stored as uploaded").isEqualTo(without);
    }

    /** The recorded archive as `k6 archive -e NAME=value …` would have written it: the same, with env in metadata.json. */
    private static byte[] withEnv(byte[] archive, Map<String, String> env) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(archive));
             TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] content = in.readAllBytes();
                if (entry.getName().equals("metadata.json")) {
                    ObjectNode metadata = (ObjectNode) MAPPER.readTree(content);
                    metadata.set("env", MAPPER.valueToTree(env));
                    content = MAPPER.writeValueAsBytes(metadata);
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

    private static JsonNode metadata(byte[] archive) throws IOException {
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(archive))) {
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().equals("metadata.json")) {
                    return MAPPER.readTree(in.readAllBytes());
                }
            }
        }
        throw new AssertionError("no metadata.json");
    }

    static byte[] recordedArchive() throws IOException {
        try (var in = BundlesTest.class.getResourceAsStream("/k6-recordings/archive/archive.tar")) {
            return in.readAllBytes();
        }
    }

    private static void assertProblem(Runnable call, HttpStatus status, String slug) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiProblem.class, problem -> {
            assertThat(problem.status()).isEqualTo(status);
            assertThat(problem.slug()).isEqualTo(slug);
        });
    }
}
