package dev.k6runner.gateway.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import dev.k6runner.gateway.BundleProperties;
import dev.k6runner.gateway.web.ApiProblem;
import dev.k6runner.platform.bundle.BundleKind;

class BundlesTest {

    private final Bundles bundles = new Bundles(new BundleProperties(1000, 3, Duration.ofHours(1)));

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
        Bundles roomy = new Bundles(new BundleProperties(1 << 20, 100, Duration.ofHours(1)));
        byte[] archive = recordedArchive();
        Bundle bundle = roomy.archive(archive);
        assertThat(bundle.kind()).isEqualTo(BundleKind.ARCHIVE);
        assertThat(bundle.bytes()).isEqualTo(archive.length);
        assertThat(bundle.files()).contains("metadata.json", "data", "file/srv/loadtests/archive/project/lib/util.js");
        assertProblem(() -> roomy.archive("not a tar".getBytes()), HttpStatus.BAD_REQUEST, "bundle-malformed");
        assertProblem(() -> bundles.archive(archive), HttpStatus.CONTENT_TOO_LARGE, "bundle-too-large");
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
