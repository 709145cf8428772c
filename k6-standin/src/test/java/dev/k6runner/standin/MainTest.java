package dev.k6runner.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** In-process replays (fast speed) of the flags that change what a replay shows. */
class MainTest {

    private final CapturedTerminal captured = new CapturedTerminal();

    @Test
    void quietDropsBannerAndProgressButKeepsTheSummary(@TempDir Path dir) throws Exception {
        int code = run(dir, "basic-get", "--quiet", "--address=");
        assertThat(code).isZero();
        String recorded = new Recording("basic-get").text("stdout.txt");
        assertThat(captured.stdout()).doesNotContain("running (", "execution: local", "/\\").contains("http_req_duration")
                .startsWith("\n     ✓ status is 200\n").endsWith("vus_max........................: 5       min=5    max=5\n\n");
        assertThat(recorded).contains(captured.stdout());
    }

    @Test
    void noSummaryWritesNoExportAndPrintsNoSummary(@TempDir Path dir) throws Exception {
        Path export = dir.resolve("export.json");
        int code = run(dir, "threshold-fail", "--no-summary", "--summary-export=" + export);
        assertThat(code).isEqualTo(99);
        assertThat(export).doesNotExist();
        assertThat(captured.stdout()).doesNotContain("http_req_duration").contains("running (02.0s)");
        assertThat(captured.stderr()).contains("thresholds on metrics 'http_req_duration, http_req_failed' have been crossed");
    }

    @Test
    void summaryExportAndStreamGoToPathsInOtherDirectories(@TempDir Path dir) throws Exception {
        Path export = Files.createDirectories(dir.resolve("results/a")).resolve("summary.json");
        Path stream = Files.createDirectories(dir.resolve("streams")).resolve("out.ndjson");
        int code = run(dir, "post-json", "--summary-export", export.toString(), "--out", "json=" + stream);
        assertThat(code).isZero();
        Recording recording = new Recording("post-json");
        assertThat(export).hasBinaryContent(recording.bytes("summary-export.json"));
        assertThat(Files.readAllLines(stream)).isEqualTo(recording.lines("metrics.ndjson"));
        assertThat(captured.stdout()).contains("output: json (" + stream + ")", "script: " + dir.resolve("script.js"));
    }

    @Test
    void failedRunsOpenNoStreamAndWriteNoSummary(@TempDir Path dir) throws Exception {
        Path stream = dir.resolve("out.ndjson");
        int code = run(dir, "invalid-options", "--summary-export", dir.resolve("s.json").toString(), "--out", "json=" + stream);
        assertThat(code).isEqualTo(255);
        assertThat(stream).doesNotExist();
        assertThat(dir.resolve("s.json")).doesNotExist();
        assertThat(captured.stderr()).contains("time: invalid duration \\\"abc\\\"");
    }

    @Test
    void theProcessEnvironmentRecordingReplaysWithAndWithoutTheSystemEnvironment(@TempDir Path dir) throws Exception {
        Recording recording = new Recording("process-env");
        assertThat(recording.command()).startsWith("k6 run --no-color --include-system-env-vars=true");
        assertThat(recording.environment()).containsExactly(Map.entry("PATH", "/usr/bin:/bin"), Map.entry("HOME", "/tmp"),
                Map.entry("TOKEN", "secret-token"));
        Map<String, String> env = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", dir.toString(), "TOKEN", "secret-token");
        Path export = dir.resolve("s.json");
        assertThat(runWithEnv(dir, recording.text("script.js"), env, "--include-system-env-vars=true", "--summary-export=" + export)).isZero();
        assertThat(captured.stdout()).isEqualTo(recording.text("stdout.txt").replace("script: script.js", "script: " + dir.resolve("script.js")));
        assertThat(captured.stderr()).contains("keys seen: HOME,PATH,TOKEN").doesNotContain("k6-standin");
        assertThat(export).hasBinaryContent(recording.bytes("summary-export.json"));

        captured.reset();
        assertThat(runWithEnv(dir, recording.text("script.js"), env, "--include-system-env-vars=false", "--summary-export=" + export)).isZero();
        assertThat(captured.stderr()).contains("keys seen: \"").doesNotContain("HOME,PATH,TOKEN");
        assertThat(export).hasBinaryContent(recording.variant("without-").bytes("summary-export.json"));
    }

    @Test
    void anEnvironmentOtherThanTheRecordedOneIsNamedNeverShown(@TempDir Path dir) throws Exception {
        Recording recording = new Recording("process-env");
        Map<String, String> env = Map.of("PATH", "/usr/bin", "HOME", "/h", "TMPDIR", "/h", "TOKEN", "another-secret");
        assertThat(runWithEnv(dir, recording.text("script.js"), env)).isZero();
        assertThat(captured.stderr()).startsWith("k6-standin: recording 'process-env' ran with the environment [PATH, HOME, TOKEN] "
                + "({TOKEN=secret-token}); this one holds [HOME, PATH, TMPDIR, TOKEN]: what the script saw in __ENV is replayed as recorded\n")
                .doesNotContain("another-secret");
    }

    @Test
    void versionNeedsNoScript() throws Exception {
        assertThat(Main.run(List.of("version"), captured.terminal(), System.nanoTime())).isZero();
        assertThat(captured.stdout()).isEqualTo("k6 v0.49.0 (go1.19.8, linux/amd64)\n");
    }

    @Test
    void eachExecutionSegmentReplaysTheProcessRecordedWithThatSegment(@TempDir Path dir) throws Exception {
        Recording recording = new Recording("execution-segments");
        String script = recording.text("script.js");
        for (String[] segment : new String[][] {{"0:1/2", "segment-0/"}, {"1/2:1", "segment-1/"}}) {
            captured.reset();
            Path export = dir.resolve("s.json");
            int code = runWithEnv(dir, script, Map.of(), "--execution-segment", segment[0], "--execution-segment-sequence",
                    "0,1/2,1", "--summary-export=" + export);
            assertThat(code).isZero();
            assertThat(export).hasBinaryContent(recording.variant(segment[1]).bytes("summary-export.json"));
            assertThat(captured.stdout()).contains("100 iterations shared among 2 VUs");
        }
    }

    @Test
    void theSegmentedRecordingWithoutSegmentFlagsReplaysTheWholeProcess(@TempDir Path dir) throws Exception {
        Recording recording = new Recording("execution-segments");
        Path export = dir.resolve("s.json");
        assertThat(runWithEnv(dir, recording.text("script.js"), Map.of(), "--summary-export=" + export)).isZero();
        assertThat(export).hasBinaryContent(recording.variant("whole/").bytes("summary-export.json"));
        assertThat(captured.stdout()).contains("200 iterations shared among 4 VUs");
    }

    @Test
    void aSegmentThatWasNeverRecordedIsRefusedRatherThanReplayedWhole(@TempDir Path dir) {
        Recording recording = new Recording("execution-segments");
        assertThatThrownBy(() -> runWithEnv(dir, recording.text("script.js"), Map.of(), "--execution-segment", "0:1/3",
                "--execution-segment-sequence", "0,1/3,2/3,1")).isInstanceOf(StandinFailure.class)
                .hasMessageContaining("no recording of 'execution-segments' as execution segment 0:1/3");
        assertThatThrownBy(() -> run(dir, "basic-get", "--execution-segment", "0:1/2", "--execution-segment-sequence",
                "0,1/2,1")).isInstanceOf(StandinFailure.class)
                .hasMessageContaining("no recording of 'basic-get' as execution segment 0:1/2");
    }

    private int run(Path dir, String scenario, String... flags) throws Exception {
        Path script = dir.resolve("script.js");
        Files.writeString(script, "// k6-standin: " + scenario + "\n");
        List<String> args = new ArrayList<>(List.of("--standin-speed=50", "run"));
        args.addAll(List.of(flags));
        args.add(script.toString());
        return Main.run(args, captured.terminal(), System.nanoTime());
    }

    private int runWithEnv(Path dir, String script, Map<String, String> env, String... flags) throws Exception {
        return captured.invoke(dir, script, env, List.of("--standin-speed=50", "run"), flags);
    }



}
