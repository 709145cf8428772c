package dev.k6runner.runner.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import dev.k6runner.model.RunFinished;
import dev.k6runner.model.RunSpec;
import dev.k6runner.model.RunStatus;
import dev.k6runner.platform.kafka.EventCodec;
import dev.k6runner.runner.RunnerMetrics;
import dev.k6runner.runner.bundle.RunBundles;
import dev.k6runner.runner.RunnerProperties;
import dev.k6runner.runner.claim.ClaimedRun;
import dev.k6runner.runner.claim.ClaimedRun.TeamPolicy;
import dev.k6runner.runner.sandbox.ConfinementProbe;
import dev.k6runner.testsupport.K6Standin;

/**
 * One run through {@link K6Execution}, in the confinement this host offers (bubblewrap here), with the k6 stand-in
 * as k6, or a real program standing in for {@code k6 run} that allocates memory, fills its folder or plans more than
 * inspect said. What k6 inspect answers decides whether k6 run ever starts.
 */
class ExecutionLimitsTest {

    @TempDir
    Path root;

    private ProcessLauncher launcher;
    private Path invocations;
    private Path standin;

    @BeforeEach
    void standin() throws IOException {
        launcher = new ProcessLauncher();
        invocations = Files.createDirectories(root.resolve("logs")).resolve("k6-invocations.ndjson");
        standin = K6Standin.install(root.resolve("standin"), K6Standin.Options.defaults().withSpeed(10).withInvocationLog(invocations));
    }

    @AfterEach
    void close() {
        launcher.close();
    }

    @Test
    void aScriptOverTheTeamsDurationNeverStartsK6Run() throws Exception {
        RunFinished result = run(standin, spec(K6Standin.scriptFor("process-env")), new TeamPolicy(null, 60L, List.of()), defaults());
        assertThat(result.outcome()).isEqualTo(RunStatus.FAILED);
        assertThat(result.statusReason()).isEqualTo("the test needs 10m30s (graceful stops included); the team's limit (max_duration) is 1m");
        assertThat(result.k6ExitCode()).isNull();
        assertThat(result.consoleOutput()).contains("[runner: k6 run not started: the test needs 10m30s");
        assertThat(commands()).containsExactly("inspect");
    }

    @Test
    void aFailingInspectFailsTheRunWithK6sOwnErrorLine() throws Exception {
        RunFinished result = run(standin, spec(K6Standin.scriptFor("init-exception")), TeamPolicy.NONE, defaults());
        assertThat(result.outcome()).isEqualTo(RunStatus.FAILED);
        assertThat(result.statusReason()).isEqualTo("Error: boom in init context (script exception)");
        assertThat(result.k6ExitCode()).isEqualTo(107);
        assertThat(commands()).containsExactly("inspect");
    }

    @Test
    void theRequestsOverridesReachInspectAsEnvironmentAndRunAsFlags() throws Exception {
        RunSpec spec = new RunSpec(new String(K6Standin.recorded("stages", "script.js"), java.nio.charset.StandardCharsets.UTF_8),
                "overrides", 2, "2s", null, Map.of("TOKEN", "t0ken"), Map.of(), 60);
        RunFinished result = run(standin, spec, new TeamPolicy(2, 32L, List.of()), defaults());
        assertThat(result.outcome()).as(result.consoleOutput()).isEqualTo(RunStatus.COMPLETED);
        List<Map<String, Object>> logged = invocations();
        assertThat(commands()).containsExactly("inspect", "run");
        assertThat(logged.getFirst().get("env")).isEqualTo(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", folderOf(logged.getFirst()),
                "TMPDIR", folderOf(logged.getFirst()), "TOKEN", "t0ken", "K6_VUS", "2", "K6_DURATION", "2s"));
        assertThat(logged.getFirst().get("args")).isEqualTo(List.of("inspect", "--execution-requirements",
                "--include-system-env-vars=true", "script.js"));
        assertThat(logged.getLast().get("env")).isEqualTo(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", folderOf(logged.getLast()),
                "TMPDIR", folderOf(logged.getLast()), "TOKEN", "t0ken"));
        assertThat(String.join(" ", args(logged.getLast()))).contains("--vus 2 --duration 2s").doesNotContain("t0ken");
    }

    @Test
    void k6RunPlanningMoreThanInspectSaidIsKilledAtItsBanner() throws Exception {
        // inspect says 1 VU; k6 run (the sigint recording, 60 s at this speed) plans 3: a script whose options changed
        Path k6 = fakeK6("""
                if [ "$1" = inspect ]; then printf '{\\n  "totalDuration": "30s",\\n  "maxVUs": 1\\n}'; exit 0; fi
                exec '%s' "$@"
                """.formatted(slowStandin()));
        Instant start = Instant.now();
        RunFinished result = run(k6, spec(K6Standin.scriptFor("sigint")), new TeamPolicy(2, null, List.of()), defaults());
        assertThat(result.outcome()).isEqualTo(RunStatus.FAILED);
        assertThat(result.statusReason()).isEqualTo("k6 run planned more than k6 inspect had said (1 VUs, 30s): "
                + "the test needs 3 VUs; the team's limit (max_vus) is 2");
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(30));
        assertThat(result.rawSummary()).isNull();
    }

    @Test
    void k6OverItsMemoryBoundIsStoppedAndTheRunFailsNamingIt() throws Exception {
        Path k6 = fakeK6("""
                if [ "$1" = inspect ]; then exec '%s' "$@"; fi
                exec /usr/bin/perl -e '$x = "x" x (256 * 1024 * 1024); sleep 120'
                """.formatted(standin));
        RunFinished result = run(k6, spec(K6Standin.scriptFor("basic-get")), TeamPolicy.NONE,
                new RunnerProperties.Resources(DataSize.ofMegabytes(64), null, null, null, null, null));
        assertThat(result.outcome()).isEqualTo(RunStatus.FAILED);
        assertThat(result.statusReason()).matches("k6 used \\d+\\.\\d MiB of memory \\(resident, its whole process tree\\); "
                + "the limit \\(k6runner.runner.resources.max-memory\\) is 64.0 MiB");
        assertThat(Duration.between(result.startedAt(), result.finishedAt())).isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void k6FillingItsFolderOverTheDiskBoundIsStoppedAndTheRunFailsNamingIt() throws Exception {
        Path k6 = fakeK6("""
                if [ "$1" = inspect ]; then exec '%s' "$@"; fi
                head -c 50000000 /dev/zero > written.bin
                exec sleep 120
                """.formatted(standin));
        RunFinished result = run(k6, spec(K6Standin.scriptFor("basic-get")), TeamPolicy.NONE,
                new RunnerProperties.Resources(null, null, null, null, DataSize.ofMegabytes(16), null));
        assertThat(result.outcome()).isEqualTo(RunStatus.FAILED);
        assertThat(result.statusReason()).isEqualTo("k6's working folder grew to 47.7 MiB; the limit "
                + "(k6runner.runner.resources.max-disk-written) is 16.0 MiB");
        assertThat(Duration.between(result.startedAt(), result.finishedAt())).isLessThan(Duration.ofSeconds(60));
    }

    /** The resource bounds' defaults (2 GB of memory and of disk). */
    private static RunnerProperties.Resources defaults() {
        return new RunnerProperties.Resources(null, null, null, null, null, null);
    }

    private RunFinished run(Path k6, RunSpec spec, TeamPolicy policy, RunnerProperties.Resources resources) throws Exception {
        List<Path> readOnly = new ArrayList<>(K6Standin.readOnlyPathsNeeded());
        readOnly.add(root.resolve("standin"));
        RunnerProperties properties = new RunnerProperties("limits-test", 1, k6.toString(), root.resolve("results"),
                root.resolve("work"), null, null, Duration.ofSeconds(5), null, null, null, null,
                new RunnerProperties.Confinement(false, "bwrap", readOnly, List.of(invocations.getParent())), null, resources, null, null);
        ClaimedRun claim = new ClaimedRun(UUID.randomUUID(), UUID.randomUUID(), "default", spec, Instant.now(), Instant.now(), policy);
        try (K6Execution execution = new K6Execution(properties, new K6Installation(k6.toString(), k6.toString(), "v0.49.0"),
                ConfinementProbe.probe(properties), launcher, new RunnerMetrics(new SimpleMeterRegistry()), RunBundles.none())) {
            return execution.run(new RunningRun(claim, 0), "limits-test");
        }
    }

    private static RunSpec spec(String script) {
        return new RunSpec(script, "limits", null, null, null, Map.of(), Map.of(), 120);
    }

    /** A program standing in for k6: a POSIX sh script. */
    private Path fakeK6(String body) throws IOException {
        Path k6 = root.resolve("standin").resolve("fake-k6");
        Files.writeString(k6, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(k6, PosixFilePermissions.fromString("rwxr-xr-x"));
        return k6;
    }

    private Path slowStandin() {
        return K6Standin.install(root.resolve("standin").resolve("slow"), K6Standin.Options.defaults().withInvocationLog(invocations));
    }

    private List<Map<String, Object>> invocations() throws IOException {
        EventCodec codec = new EventCodec();
        List<Map<String, Object>> found = new ArrayList<>();
        if (Files.exists(invocations)) {
            for (String line : Files.readAllLines(invocations)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> invocation = codec.decode(line, Map.class);
                found.add(invocation);
            }
        }
        return found;
    }

    private List<String> commands() throws IOException {
        return invocations().stream().map(invocation -> args(invocation).getFirst()).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> args(Map<String, Object> invocation) {
        return (List<String>) invocation.get("args");
    }

    private static String folderOf(Map<String, Object> invocation) {
        return (String) invocation.get("cwd");
    }
}
