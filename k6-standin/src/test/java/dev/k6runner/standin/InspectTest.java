package dev.k6runner.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code k6 inspect} in-process: the inspect recordings byte for byte, and what is derived where none exists. */
class InspectTest {

    private final CapturedTerminal captured = new CapturedTerminal();

    @Test
    void theScenariosScriptReplaysItsRecordingByteForByte(@TempDir Path dir) throws Exception {
        Recording recorded = new Recording("inspect-scenarios");
        int code = inspect(dir, recorded.text("script.js"), Map.of(), "--execution-requirements", "--include-system-env-vars=true");
        assertThat(code).isZero();
        assertThat(captured.stdoutBytes()).isEqualTo(recorded.bytes("stdout.txt"));
        assertThat(captured.stderr()).isEmpty();
        assertThat(captured.stdout()).endsWith("\"totalDuration\": \"2m0s\",\n  \"maxVUs\": 5800\n}");
    }

    @Test
    void overridesFromTheProcessEnvironmentReplayTheRecordingMadeWithThem(@TempDir Path dir) throws Exception {
        Recording recorded = new Recording("inspect-scenarios");
        int code = inspect(dir, recorded.text("script.js"), Map.of("K6_VUS", "2", "K6_DURATION", "10s", "PATH", "/usr/bin"),
                "--execution-requirements");
        assertThat(code).isZero();
        assertThat(captured.stdoutBytes()).isEqualTo(recorded.bytes("env-overrides-stdout.txt"));
        assertThat(captured.stderr()).isEmpty();
    }

    @Test
    void otherOverrideValuesAreReplayedAsRecordedAndSaidSo(@TempDir Path dir) throws Exception {
        Recording recorded = new Recording("inspect-scenarios");
        assertThat(inspect(dir, recorded.text("script.js"), Map.of("K6_VUS", "7"), "--execution-requirements")).isZero();
        assertThat(captured.stdoutBytes()).isEqualTo(recorded.bytes("env-overrides-stdout.txt"));
        assertThat(captured.stderr()).isEqualTo("k6-standin: recording 'inspect-scenarios' was inspected with K6_VUS=2 K6_DURATION=10s, "
                + "not K6_VUS=7: replayed as recorded\n");
    }

    @Test
    void overrideFlagsAreRefusedAsK6RefusesThem(@TempDir Path dir) throws Exception {
        Recording flags = new Recording("inspect-scenarios").variant("flags-");
        Files.writeString(dir.resolve("script.js"), new Recording("inspect-scenarios").text("script.js"));
        int code = Main.run(List.of("inspect", "--execution-requirements", "--vus", "2", "--duration", "10s",
                dir.resolve("script.js").toString()), Map.of(), captured.terminal(), System.nanoTime());
        assertThat(code).isEqualTo(255).isEqualTo(flags.exitCode());
        assertThat(captured.stdout()).isEmpty();
        assertThat(unstamped(captured.stderr())).isEqualTo(unstamped(flags.text("stderr.txt")));
        captured.resetStderr();
        Main.run(List.of("inspect", "--duration=5s", "script.js"), Map.of(), captured.terminal(), System.nanoTime());
        assertThat(unstamped(captured.stderr())).isEqualTo("time=\"T\" level=error msg=\"unknown flag: --duration\"\n");
    }

    @Test
    void aRunRecordingsScriptGetsItsBannerFiguresAndSaysSo(@TempDir Path dir) throws Exception {
        int code = inspect(dir, new Recording("basic-get").text("script.js"), Map.of(), "--execution-requirements",
                "--include-system-env-vars=true");
        assertThat(code).isZero();
        assertThat(captured.stdout()).isEqualTo("{\n  \"totalDuration\": \"33s\",\n  \"maxVUs\": 5\n}");
        assertThat(captured.stderr()).isEqualTo("k6-standin: no inspect recording for 'basic-get': maxVUs and totalDuration come from "
                + "its run's banner (5 max VUs, 33s max duration (incl. graceful stop)); the script's other options are not shown\n");
    }

    @Test
    void overridesPickTheRunRecordingMadeWithThem(@TempDir Path dir) throws Exception {
        String stages = new Recording("stages").text("script.js");
        inspect(dir, stages, Map.of(), "--execution-requirements");
        assertThat(captured.stdout()).contains("\"maxVUs\": 10", "\"totalDuration\": \"34s\"");
        captured.reset();
        inspect(dir, stages, Map.of("K6_VUS", "2", "K6_DURATION", "2s"), "--execution-requirements");
        assertThat(captured.stdout()).contains("\"maxVUs\": 2", "\"totalDuration\": \"32s\"");
    }

    @Test
    void aRunThatFailedBeforeRunningFailsItsInspectTheSameWay(@TempDir Path dir) throws Exception {
        Recording syntax = new Recording("syntax-error");
        int code = inspect(dir, syntax.text("script.js"), Map.of(), "--execution-requirements");
        assertThat(code).isEqualTo(107);
        assertThat(captured.stdout()).isEmpty();
        List<String> lines = captured.stderr().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.getFirst()).startsWith("k6-standin: no inspect recording for 'syntax-error': inspect fails as its recorded run did");
        assertThat(unstamped(lines.getLast())).isEqualTo(unstamped(syntax.text("stderr.txt").strip()));
        captured.reset();
        assertThat(inspect(dir, "// k6-standin: invalid-options\n", Map.of(), "--execution-requirements")).isEqualTo(255);
        assertThat(captured.stderr()).contains("time: invalid duration");
    }

    @Test
    void theInspectRecordingStillWinsOverTheRunOfTheSameScript(@TempDir Path dir) throws Exception {
        Recording inspect = new Recording("inspect");
        inspect(dir, inspect.text("script.js"), Map.of(), "--execution-requirements");
        assertThat(captured.stdoutBytes()).isEqualTo(inspect.bytes("stdout-execution-requirements.txt"));
        captured.reset();
        inspect(dir, inspect.text("script.js"), Map.of());
        assertThat(captured.stdoutBytes()).isEqualTo(inspect.bytes("stdout.txt"));
        assertThatThrownBy(() -> inspect(dir, new Recording("inspect-scenarios").text("script.js"), Map.of()))
                .hasMessageStartingWith("k6-standin: recording 'inspect-scenarios' holds only `k6 inspect --execution-requirements");
        assertThatThrownBy(() -> inspect(dir, "// k6-standin: basic-get\n", Map.of()))
                .hasMessageContaining("only --execution-requirements can be derived");
    }

    private int inspect(Path dir, String script, Map<String, String> env, String... flags) throws Exception {
        return captured.invoke(dir, script, env, List.of("inspect"), flags);
    }




    static String unstamped(String text) {
        return text.replaceAll("time=\"[^\"]*\"", "time=\"T\"");
    }
}
