package dev.k6runner.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs the installed wrapper as a real subprocess, the way the runner starts k6. */
class K6StandinTest {

    private static final double FAST = 20;

    @TempDir
    static Path shared;

    private static Path fast;

    @BeforeAll
    static void installFastWrapper() {
        fast = K6Standin.install(shared.resolve("fast"), K6Standin.Options.defaults().withSpeed(FAST));
    }

    static Stream<String> runRecordings() {
        return K6Standin.scenarios().stream().filter(s -> K6Standin.recorded(s, "command.txt") != null)
                .filter(s -> command(s).getFirst().equals("run"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runRecordings")
    void replaysEveryRunRecording(String scenario, @TempDir Path dir) throws Exception {
        // sigint and sigterm share a script and flags: only the directive tells them apart.
        Files.writeString(dir.resolve("script.js"), scenario.equals("sigterm") ? K6Standin.scriptFor(scenario) : text(scenario, "script.js"));
        writeProjectFiles(scenario, dir);
        Run run = Run.start(fast, dir, command(scenario));
        String signal = signalOf(scenario);
        if (signal != null) {
            await().atMost(Duration.ofSeconds(20)).until(() -> run.stdout().contains("running ("));
            run.signal(signal);
            if (scenario.equals("double-sigint")) {
                await().atMost(Duration.ofSeconds(20)).until(() -> !sigintPending(run.process()));
                run.signal("INT");
            }
        }
        assertThat(run.exitCode()).isEqualTo(Integer.parseInt(text(scenario, "exit-code.txt").strip()));
        assertSameFile(dir.resolve("summary-export.json"), K6Standin.recorded(scenario, "summary-export.json"),
                scenario.equals("double-sigint"));
        assertSameFile(dir.resolve("handle-summary.json"), K6Standin.recorded(scenario, "handle-summary.json"), false);
        byte[] stream = K6Standin.recorded(scenario, "metrics.ndjson");
        if (stream == null) {
            assertThat(dir.resolve("metrics.ndjson")).doesNotExist();
        } else if (signal != null) {
            assertThat(recordedLines(stream)).startsWith(Files.readAllLines(dir.resolve("metrics.ndjson")).toArray(String[]::new));
        } else {
            assertThat(Files.readAllLines(dir.resolve("metrics.ndjson"))).containsExactlyElementsOf(recordedLines(stream));
        }
        if (!scenario.equals("double-sigint")) {
            assertThat(run.stdout()).isEqualTo(text(scenario, "stdout.txt"));
            assertThat(unstamped(run.stderr())).isEqualTo(unstamped(text(scenario, "stderr.txt")));
        }
    }

    @Test
    void versionAndInspectPrintTheRecordings(@TempDir Path dir) throws Exception {
        Run version = Run.start(fast, dir, List.of("version"));
        assertThat(version.exitCode()).isZero();
        assertThat(version.stdout()).isEqualTo(text("version", "stdout.txt"));

        Files.write(dir.resolve("script.js"), K6Standin.recorded("inspect", "script.js"));
        Run inspect = Run.start(fast, dir, List.of("inspect", "script.js"));
        assertThat(inspect.exitCode()).isZero();
        assertThat(inspect.stdout()).isEqualTo(text("inspect", "stdout.txt"));
        for (String flag : List.of("--no-color", "--include-system-env-vars=true")) {
            Run requirements = Run.start(fast, dir, List.of("inspect", "--execution-requirements", flag, "script.js"));
            assertThat(requirements.exitCode()).isZero();
            assertThat(requirements.stdout()).isEqualTo(text("inspect", "stdout-execution-requirements.txt"));
            assertThat(requirements.stderr()).isEmpty();
        }
    }

    @Nested
    class Inspect {

        @Test
        void theScenariosRecordingTakesItsOverridesFromTheEnvironmentAndRefusesFlags(@TempDir Path dir) throws Exception {
            Files.write(dir.resolve("script.js"), K6Standin.recorded("inspect-scenarios", "script.js"));
            Run plain = Run.start(fast, dir, k6Args(text("inspect-scenarios", "command.txt")), Map.of("PATH", "/usr/bin:/bin"));
            assertThat(plain.exitCode()).isZero();
            assertThat(plain.stdout()).isEqualTo(text("inspect-scenarios", "stdout.txt"));
            assertThat(plain.stderr()).isEmpty();

            String overridden = text("inspect-scenarios", "env-overrides-command.txt");
            Run withEnv = Run.start(fast, dir, k6Args(overridden), recordedEnvironment(overridden));
            assertThat(withEnv.exitCode()).isZero();
            assertThat(withEnv.stdout()).isEqualTo(text("inspect-scenarios", "env-overrides-stdout.txt")).contains("\"maxVUs\": 2");
            assertThat(withEnv.stderr()).isEmpty();

            Run flags = Run.start(fast, dir, k6Args(text("inspect-scenarios", "flags-command.txt")));
            assertThat(flags.exitCode()).isEqualTo(255);
            assertThat(flags.stdout()).isEmpty();
            assertThat(unstamped(flags.stderr())).isEqualTo(unstamped(text("inspect-scenarios", "flags-stderr.txt")));
        }

        @Test
        void aRunRecordingsScriptIsInspectedFromItsBannerAndSaysSo(@TempDir Path dir) throws Exception {
            Files.write(dir.resolve("script.js"), K6Standin.recorded("basic-get", "script.js"));
            Run run = Run.start(fast, dir, List.of("inspect", "--execution-requirements", "--include-system-env-vars=true", "script.js"));
            assertThat(run.exitCode()).isZero();
            assertThat(run.stdout()).isEqualTo("{\n  \"totalDuration\": \"33s\",\n  \"maxVUs\": 5\n}");
            assertThat(run.stderr()).startsWith("k6-standin: no inspect recording for 'basic-get': maxVUs and totalDuration come from");
        }

        @Test
        void aRecordingThatFailedBeforeRunningFailsItsInspectTheSameWay(@TempDir Path dir) throws Exception {
            Files.write(dir.resolve("script.js"), K6Standin.recorded("init-exception", "script.js"));
            Run run = Run.start(fast, dir, List.of("inspect", "--execution-requirements", "script.js"));
            assertThat(run.exitCode()).isEqualTo(107);
            assertThat(unstamped(run.stderr())).startsWith("k6-standin: no inspect recording for 'init-exception'")
                    .endsWith(unstamped(text("init-exception", "stderr.txt")));
        }
    }

    @Test
    void processEnvReplaysWhatTheScriptSawOfItsCleanEnvironment(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("script.js"), K6Standin.recorded("process-env", "script.js"));
        for (String prefix : List.of("", "without-")) {
            String recorded = text("process-env", prefix + "command.txt");
            Run run = Run.start(fast, dir, k6Args(recorded), recordedEnvironment(recorded));
            assertThat(run.exitCode()).isZero();
            assertThat(run.stdout()).isEqualTo(text("process-env", prefix + "stdout.txt"));
            assertThat(unstamped(run.stderr())).isEqualTo(unstamped(text("process-env", prefix + "stderr.txt")));
            assertThat(dir.resolve(prefix + "summary-export.json")).hasBinaryContent(K6Standin.recorded("process-env", prefix + "summary-export.json"));
        }
    }

    @Nested
    class Signals {

        @Test
        void sigintStopsGracefullyWithSummaryAndExit105(@TempDir Path dir) throws Exception {
            Run run = startSignalScenario(dir, "sigint");
            run.signal("INT");
            assertThat(run.exitCode()).isEqualTo(105);
            assertThat(dir.resolve("summary.json")).hasBinaryContent(K6Standin.recorded("sigint", "summary-export.json"));
            assertThat(run.stderr()).contains("test run was aborted because k6 received a 'interrupt' signal");
            assertThat(run.stdout()).contains("24 complete and 3 interrupted iterations");
        }

        @Test
        void sigtermFromProcessDestroyIsReportedAsTerminated(@TempDir Path dir) throws Exception {
            Run run = startSignalScenario(dir, "sigint");
            run.process.destroy();
            assertThat(run.exitCode()).isEqualTo(105);
            assertThat(dir.resolve("summary.json")).hasBinaryContent(K6Standin.recorded("sigint", "summary-export.json"));
            assertThat(run.stderr()).contains("received a 'terminated' signal").doesNotContain("'interrupt'");
        }

        @Test
        void anyRunInterruptedMidReplayStopsItsStreamAndWritesItsSummary(@TempDir Path dir) throws Exception {
            Path slow = K6Standin.install(dir.resolve("bin"), K6Standin.Options.defaults().withSpeed(1));
            Files.write(dir.resolve("script.js"), K6Standin.recorded("stages", "script.js"));
            Run run = Run.start(slow, dir, List.of("run", "--summary-export", "summary.json", "-o", "json=out.ndjson", "script.js"));
            await().atMost(Duration.ofSeconds(20)).until(() -> run.stdout().contains("running (01.0s)"));
            run.signal("TERM");
            assertThat(run.exitCode()).isEqualTo(105);
            assertThat(run.stderr()).contains("received a 'terminated' signal");
            assertThat(dir.resolve("summary.json")).hasBinaryContent(K6Standin.recorded("stages", "summary-export.json"));
            List<String> written = Files.readAllLines(dir.resolve("out.ndjson"));
            List<String> recorded = recordedLines(K6Standin.recorded("stages", "metrics.ndjson"));
            assertThat(written).isNotEmpty().hasSizeLessThan(recorded.size());
            assertThat(recorded.subList(0, written.size())).isEqualTo(written);
        }

        @Test
        void secondSignalExitsAtOnceEvenWhenTheFirstCannotFinish(@TempDir Path dir) throws Exception {
            // A reader that opened the pipe but never reads: the stand-in blocks writing, as k6 would.
            Path fifo = mkfifo(dir.resolve("stream.fifo"));
            Files.write(dir.resolve("script.js"), K6Standin.recorded("stages", "script.js"));
            Run run = Run.start(fast, dir, List.of("run", "--summary-export=summary.json", "--out", "json=" + fifo, "script.js"));
            try (var stalled = new java.io.FileInputStream(fifo.toFile())) {
                // The pipe is full when its writer sleeps in the kernel's pipe write; how many bytes fill it depends on
                // the sizes of the writes (a page per write that does not fit the last one), so no byte count says so.
                await().atMost(Duration.ofSeconds(20)).until(() -> stalled.available() > 0 && blockedWritingAPipe(run.process));
                run.signal("INT");
                // The kernel handed the first SIGINT over: a second one now counts on its own instead of merging
                // with a still-pending first.
                await().atMost(Duration.ofSeconds(20)).until(() -> !sigintPending(run.process));
                assertThat(run.process.isAlive()).isTrue();
                run.signal("INT");
                assertThat(run.process.waitFor(3, TimeUnit.SECONDS)).isTrue();
                assertThat(run.process.exitValue()).isEqualTo(105);
                // No summary: the graceful stop the first signal asked for never finished, the second one ended the run.
                assertThat(dir.resolve("summary.json")).doesNotExist();
            }
        }

        private Run startSignalScenario(Path dir, String scenario) throws IOException {
            Files.writeString(dir.resolve("script.js"), K6Standin.scriptFor(scenario));
            Run run = Run.start(fast, dir, List.of("run", "--summary-export=summary.json", "script.js"));
            await().atMost(Duration.ofSeconds(20)).until(() -> run.stdout().contains("running (0m01.0s)"));
            return run;
        }
    }

    @Nested
    class Wrapper {

        @Test
        void namedPipeReaderGetsTheStreamWhileTheRunGoesOn(@TempDir Path dir) throws Exception {
            Path slow = K6Standin.install(dir.resolve("bin"), K6Standin.Options.defaults().withSpeed(2));
            Path fifo = mkfifo(dir.resolve("stream.fifo"));
            Files.write(dir.resolve("script.js"), K6Standin.recorded("basic-get", "script.js"));
            Run run = Run.start(slow, dir, List.of("run", "--out=json=" + fifo, "script.js"));
            List<String> read = new ArrayList<>();
            boolean aliveAtFirstLine;
            try (var reader = Files.newBufferedReader(fifo)) {
                read.add(reader.readLine());
                aliveAtFirstLine = run.process.isAlive();
                reader.lines().forEach(read::add);
            }
            assertThat(aliveAtFirstLine).isTrue();
            assertThat(run.exitCode()).isZero();
            assertThat(read).containsExactlyElementsOf(recordedLines(K6Standin.recorded("basic-get", "metrics.ndjson")));
        }

        @Test
        void readerClosingThePipeStopsTheStreamNotTheRun(@TempDir Path dir) throws Exception {
            Path fifo = mkfifo(dir.resolve("stream.fifo"));
            Files.writeString(dir.resolve("script.js"), K6Standin.scriptFor("stages"));
            Run run = Run.start(fast, dir, List.of("run", "--summary-export=s.json", "--out", "json=" + fifo, "script.js"));
            try (var reader = Files.newBufferedReader(fifo)) {
                assertThat(reader.readLine()).startsWith("{\"type\":\"Metric\"");
            }
            assertThat(run.exitCode()).isZero();
            assertThat(run.stderr()).contains("k6-standin: writing the --out json stream to " + fifo + " failed");
            assertThat(dir.resolve("s.json")).hasBinaryContent(K6Standin.recorded("stages", "summary-export.json"));
        }

        @Test
        void recordingWithoutStreamStillOpensAndClosesThePipe(@TempDir Path dir) throws Exception {
            Path fifo = mkfifo(dir.resolve("stream.fifo"));
            Files.write(dir.resolve("script.js"), K6Standin.recorded("basic-get", "script.js"));
            Run run = Run.start(fast, dir, List.of("run", "--iterations", "7", "--out", "json=" + fifo, "script.js"));
            CompletableFuture<List<String>> reader = CompletableFuture.supplyAsync(() -> readAll(fifo));
            assertThat(reader.get(20, TimeUnit.SECONDS)).isEmpty();
            assertThat(run.exitCode()).isZero();
            assertThat(run.stdout()).isEqualTo(text("cli-iterations", "stdout.txt").replace("output: -", "output: json (" + fifo + ")"));
        }

        @Test
        void speedFactorShortensWallTime(@TempDir Path dir) throws Exception {
            Path faithful = K6Standin.install(dir.resolve("faithful"), K6Standin.Options.defaults());
            Files.write(dir.resolve("script.js"), K6Standin.recorded("basic-get", "script.js"));
            long slow = timed(faithful, dir);
            long quick = timed(fast, dir);
            assertThat(slow).isGreaterThanOrEqualTo(3_300);
            assertThat(quick).isLessThan(slow - 1_500);
        }

        @Test
        void unknownScriptExits255UnlessADefaultScenarioIsConfigured(@TempDir Path dir) throws Exception {
            Files.writeString(dir.resolve("script.js"), "export default function () { /* not recorded */ }\n");
            Run unknown = Run.start(fast, dir, List.of("run", "script.js"));
            assertThat(unknown.exitCode()).isEqualTo(255);
            assertThat(unknown.stderr()).isEqualTo("k6-standin: no recording matches this script (add // k6-standin: <scenario>)\n");

            Path withDefault = K6Standin.install(dir.resolve("bin"),
                    K6Standin.Options.defaults().withSpeed(FAST).withDefaultScenario("post-json"));
            Run defaulted = Run.start(withDefault, dir, List.of("run", "--summary-export", "s.json", "script.js"));
            assertThat(defaulted.exitCode()).isZero();
            assertThat(dir.resolve("s.json")).hasBinaryContent(K6Standin.recorded("post-json", "summary-export.json"));
        }

        @Test
        void unknownFlagExits255(@TempDir Path dir) throws Exception {
            Files.writeString(dir.resolve("script.js"), K6Standin.scriptFor("basic-get"));
            Run run = Run.start(fast, dir, List.of("run", "--log-format=json", "script.js"));
            assertThat(run.exitCode()).isEqualTo(255);
            assertThat(run.stderr()).isEqualTo("k6-standin: unsupported flag --log-format\n");
        }

        @Test
        void invocationLogRecordsArgsEnvironmentAndDirectory(@TempDir Path dir) throws Exception {
            Path log = dir.resolve("invocations.ndjson");
            Path logged = K6Standin.install(dir.resolve("bin"), K6Standin.Options.defaults().withSpeed(FAST).withInvocationLog(log));
            Files.writeString(dir.resolve("script.js"), K6Standin.scriptFor("no-requests"));
            Run run = Run.start(logged, dir, List.of("run", "--address=", "-e", "A=\"b\"", "script.js"), Map.of("ONLY", "this"));
            assertThat(run.exitCode()).isZero();
            assertThat(run.stderr()).isEmpty();
            Run.start(logged, dir, List.of("version"), Map.of()).exitCode();
            assertThat(Files.readAllLines(log)).containsExactly(
                    "{\"args\":[\"run\",\"--address=\",\"-e\",\"A=\\\"b\\\"\",\"script.js\"],\"env\":{\"ONLY\":\"this\"},\"cwd\":\""
                            + dir.toRealPath() + "\"}",
                    "{\"args\":[\"version\"],\"env\":{},\"cwd\":\"" + dir.toRealPath() + "\"}");
        }

        @Test
        void readOnlyPathsNeededNameTheJdkAndTheStandinClasses() {
            assertThat(K6Standin.readOnlyPathsNeeded()).hasSize(2).allSatisfy(path -> assertThat(path).exists());
            assertThat(K6Standin.readOnlyPathsNeeded().getFirst().resolve("bin/java")).isExecutable();
        }

        @Test
        void runsConfinedByBubblewrapGivenTheReadOnlyPathsNeeded(@TempDir Path dir) throws Exception {
            Path bwrap = Path.of("/usr/bin/bwrap");
            org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(bwrap), "bubblewrap is not installed");
            Path work = Files.createDirectories(dir.resolve("work"));
            Files.writeString(work.resolve("script.js"), K6Standin.scriptFor("post-json"));
            // The runner's confinement: /usr read-only, private /tmp, clean environment, nothing else.
            List<String> command = new ArrayList<>(List.of(bwrap.toString(), "--die-with-parent", "--new-session",
                    "--unshare-pid", "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64",
                    "/lib64", "--symlink", "usr/bin", "/bin", "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
                    "--ro-bind", fast.toString(), fast.toString()));
            K6Standin.readOnlyPathsNeeded().forEach(path -> command.addAll(List.of("--ro-bind", path.toString(), path.toString())));
            command.addAll(List.of("--bind", work.toString(), work.toString(), "--chdir", work.toString(), "--clearenv",
                    fast.toString(), "run", "--address=", "--summary-export=s.json", "--out", "json=m.ndjson", "script.js"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("console.txt").toFile()).start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(Files.readString(dir.resolve("console.txt"))).isZero();
            assertThat(work.resolve("s.json")).hasBinaryContent(K6Standin.recorded("post-json", "summary-export.json"));
            assertThat(Files.readAllLines(work.resolve("m.ndjson"))).isEqualTo(recordedLines(K6Standin.recorded("post-json", "metrics.ndjson")));
        }

        private long timed(Path k6, Path dir) throws Exception {
            long start = System.nanoTime();
            Run run = Run.start(k6, dir, List.of("run", "script.js"));
            assertThat(run.exitCode()).isZero();
            return (System.nanoTime() - start) / 1_000_000;
        }
    }

    /**
     * Whether a SIGINT sent to the process still waits undelivered (Linux: /proc/PID/status, process-wide or main
     * thread); false once the process is gone.
     */
    static boolean sigintPending(Process process) throws IOException {
        long sigint = 1L << (2 - 1);
        List<String> status;
        try {
            status = Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"));
        } catch (java.nio.file.NoSuchFileException gone) {
            return false;
        }
        return status.stream().filter(line -> line.startsWith("ShdPnd:") || line.startsWith("SigPnd:"))
                .anyMatch(line -> (Long.parseUnsignedLong(line.substring(7).strip(), 16) & sigint) != 0);
    }

    /** Whether a thread of the process or of its descendants sleeps in a pipe write ({@code /proc/…/wchan}). */
    static boolean blockedWritingAPipe(Process process) {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants())
                .anyMatch(handle -> {
                    try (var tasks = Files.list(Path.of("/proc", Long.toString(handle.pid()), "task"))) {
                        return tasks.anyMatch(task -> {
                            try {
                                return Files.readString(task.resolve("wchan")).contains("pipe_write");
                            } catch (IOException gone) {
                                return false;
                            }
                        });
                    } catch (IOException gone) {
                        return false;
                    }
                });
    }

    static Path mkfifo(Path path) throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();
        return path;
    }

    private static List<String> readAll(Path fifo) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(fifo), StandardCharsets.UTF_8))) {
            return reader.lines().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertSameFile(Path written, byte[] recorded, boolean mayBeMissing) {
        if (recorded == null) {
            assertThat(written).doesNotExist();
        } else if (!mayBeMissing || Files.exists(written)) {
            assertThat(written).hasBinaryContent(recorded);
        }
    }

    /** The recorded command line's k6 arguments ("k6 run ... script.js; SIGINT sent after 2s"). */
    static List<String> command(String scenario) {
        String line = text(scenario, "command.txt").lines().findFirst().orElseThrow().split(";")[0].strip();
        List<String> args = new ArrayList<>();
        StringBuilder current = null;
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                current = current == null ? new StringBuilder() : current;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (current != null) {
                    args.add(current.toString());
                    current = null;
                }
            } else {
                current = (current == null ? new StringBuilder() : current).append(c);
            }
        }
        if (current != null) {
            args.add(current.toString());
        }
        return args.subList(1, args.size());
    }

    /** The k6 arguments of a recorded {@code env -i K=V … k6 …} command line. */
    static List<String> k6Args(String commandLine) {
        List<String> tokens = List.of(commandLine.lines().findFirst().orElseThrow().strip().split("\\s+"));
        return tokens.subList(tokens.indexOf("k6") + 1, tokens.size());
    }

    /** The {@code K=V} of a recorded {@code env -i K=V … k6 …} command line. */
    static Map<String, String> recordedEnvironment(String commandLine) {
        List<String> tokens = List.of(commandLine.lines().findFirst().orElseThrow().strip().split("\\s+"));
        Map<String, String> env = new java.util.LinkedHashMap<>();
        tokens.subList(2, tokens.indexOf("k6")).forEach(token -> env.put(token.split("=", 2)[0], token.split("=", 2)[1]));
        return env;
    }

    private static String signalOf(String scenario) {
        String command = text(scenario, "command.txt");
        return command.contains("SIGTERM") ? "TERM" : command.contains("SIGINT") ? "INT" : null;
    }

    /** What a project recording loaded beside its script: its local files (multi-file), or the archive (archive). */
    private static void writeProjectFiles(String scenario, Path dir) throws IOException {
        if (scenario.equals("archive")) {
            Files.write(dir.resolve("archive.tar"), K6Standin.recorded(scenario, "archive.tar"));
        }
        for (String file : List.of("lib/util.js", "data/users.csv", "data/config.json")) {
            byte[] bytes = K6Standin.recorded(scenario, file);
            if (bytes != null) {
                Files.createDirectories(dir.resolve(file).getParent());
                Files.write(dir.resolve(file), bytes);
            }
        }
    }

    static String text(String scenario, String file) {
        byte[] bytes = K6Standin.recorded(scenario, file);
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }

    static List<String> recordedLines(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8).lines().toList();
    }

    static String unstamped(String stderr) {
        return stderr.replaceAll("time=\"[^\"]*\"", "time=\"T\"");
    }

    /** One k6 process with its console captured to files. */
    record Run(Process process, Path out, Path err) {

        static Run start(Path k6, Path dir, List<String> args) throws IOException {
            return start(k6, dir, args, Map.of());
        }

        static Run start(Path k6, Path dir, List<String> args, Map<String, String> env) throws IOException {
            Path console = Files.createTempDirectory(dir, ".console");
            List<String> command = new ArrayList<>(List.of(k6.toString()));
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(console.resolve("stdout").toFile()).redirectError(console.resolve("stderr").toFile());
            builder.environment().clear();
            builder.environment().putAll(env);
            return new Run(builder.start(), console.resolve("stdout"), console.resolve("stderr"));
        }

        int exitCode() throws InterruptedException {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("k6 stand-in did not exit within 60 s");
            }
            return process.exitValue();
        }

        String stdout() throws IOException {
            return Files.readString(out);
        }

        String stderr() throws IOException {
            return Files.readString(err);
        }

        void signal(String name) throws Exception {
            // A second signal may find the process gone (as in the double-sigint recording): not an error.
            new ProcessBuilder(Arrays.asList("kill", "-" + name, Long.toString(process.pid())))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        }
    }
}
