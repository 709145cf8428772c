package dev.k6runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.k6runner.testsupport.K6Standin;

/** The samples are valid scripts, target the demo through BASE_URL, and map to a real recording. */
class SamplesTest {

    static final Path SAMPLES = Path.of("..", "samples");
    static final Path RECORDINGS = Path.of("/work/shared/k6-reference");
    private static final Pattern DIRECTIVE = Pattern.compile("(?m)^\\s*//\\s*k6-standin:\\s*([A-Za-z0-9._-]+)");

    static List<Path> samples() throws IOException {
        try (Stream<Path> files = Files.list(SAMPLES)) {
            return files.filter(p -> p.toString().endsWith(".js")).sorted().toList();
        }
    }

    static String directive(Path sample) throws IOException {
        Matcher matcher = DIRECTIVE.matcher(Files.readString(sample));
        assertThat(matcher.find()).as(sample + " has a // k6-standin: directive").isTrue();
        return matcher.group(1);
    }

    @Test
    void theIssueAsksForAtLeastTheseScenarios() throws IOException {
        assertThat(samples()).extracting(p -> p.getFileName().toString()).contains(
                "basic-get.js", "post-json.js", "mixed-errors.js", "auth-bearer.js", "ramping-stages.js",
                "arrival-rate.js", "thresholds-checks.js");
    }

    @ParameterizedTest
    @MethodSource("samples")
    void targetsTheDemoThroughBaseUrl(Path sample) throws IOException {
        String script = Files.readString(sample);
        assertThat(script).contains("__ENV.BASE_URL || 'http://127.0.0.1:18080'").contains("export default function");
        assertThat(script).doesNotContain("http.get('http").doesNotContain("http.post('http");
    }

    @ParameterizedTest
    @MethodSource("samples")
    void directiveNamesARecordingThatRanToTheEnd(Path sample) throws IOException {
        String scenario = directive(sample);
        assumeTrue(Files.isDirectory(RECORDINGS), "recordings not on this machine");
        Path exitCode = RECORDINGS.resolve(scenario).resolve("exit-code.txt");
        assertThat(exitCode).as("recording " + scenario).exists();
        assertThat(Files.readString(exitCode).strip()).isIn("0", "99");
    }

    @ParameterizedTest
    @MethodSource("samples")
    void parsesAsAnEcmaScriptModule(Path sample, @TempDir Path dir) throws Exception {
        assumeTrue(nodeAvailable(), "node is not installed");
        Path module = Files.copy(sample, dir.resolve(sample.getFileName().toString().replace(".js", ".mjs")));
        Process node = new ProcessBuilder("node", "--check", module.toString()).redirectErrorStream(true).start();
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.exitValue()).as(output).isZero();
    }

    /** Each sample through the k6 stand-in, as a runner would start k6: exit 0 or 99 as its recording, summary written. */
    @ParameterizedTest
    @MethodSource("samples")
    void runsThroughTheK6StandIn(Path sample, @TempDir Path dir) throws Exception {
        Path k6 = K6Standin.install(dir.resolve("bin"), K6Standin.Options.defaults().withSpeed(20));
        Path script = Files.copy(sample, dir.resolve("script.js"));
        Path summary = dir.resolve("summary-export.json");
        ProcessBuilder builder = new ProcessBuilder(k6.toString(), "run", "--no-color", "--summary-export=" + summary,
                "-e", "BASE_URL=http://127.0.0.1:18080", "-e", "TOKEN=secret-token", script.toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("k6.log").toFile());
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stand-in ended").isTrue();

        String expected = new String(K6Standin.recorded(directive(sample), "exit-code.txt"), StandardCharsets.UTF_8).strip();
        assertThat(Integer.toString(process.exitValue())).as(Files.readString(dir.resolve("k6.log"))).isEqualTo(expected).isIn("0", "99");
        assertThat(summary).isNotEmptyFile();
    }

    @Test
    void theSyntaxCheckRejectsABrokenScript(@TempDir Path dir) throws Exception {
        assumeTrue(nodeAvailable(), "node is not installed");
        Path broken = Files.writeString(dir.resolve("broken.mjs"),
                "import http from 'k6/http';\nexport default function () {\n  http.get('http://127.0.0.1:18080/ok'\n}\n");
        Process node = new ProcessBuilder("node", "--check", broken.toString()).redirectErrorStream(true).start();
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).isNotZero();
    }

    static boolean nodeAvailable() {
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            return node.waitFor(10, TimeUnit.SECONDS) && node.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
