package dev.k6runner.runner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.k6runner.runner.RunnerProperties;

/** How the runner chooses its confinement, and what bubblewrap hides from a hostile script. */
class SandboxConfinementTest {

    @TempDir
    Path temp;

    @Test
    void withoutBubblewrapARequiredConfinementRefusesRunsAndAnOptionalOneSaysSo() {
        Confinement refused = ConfinementProbe.probe(properties(true, "/nonexistent/bwrap", "bubblewrap"));
        assertThat(refused).isInstanceOf(Refused.class);
        assertThat(refused.allowsRuns()).isFalse();
        assertThat(refused.describe()).startsWith("none: bubblewrap ('/nonexistent/bwrap') not found");
        assertThat(refused.refusal()).contains("refuses to run k6 unconfined", "confinement.required=false");

        Confinement unconfined = ConfinementProbe.probe(properties(false, "/nonexistent/bwrap", "bubblewrap"));
        assertThat(unconfined).isInstanceOf(Unconfined.class);
        assertThat(unconfined.allowsRuns()).isTrue();
        assertThat(unconfined.describe()).startsWith("none: bubblewrap ('/nonexistent/bwrap') not found").contains("rlimits: ");
        assertThat(((Unconfined) unconfined).wrap(List.of("k6", "run"), temp, Map.of(), 0))
                .containsSubsequence("--nofile=20000", "--", "k6", "run");
    }

    @Test
    void autoFallsBackToASeparateUserWhereBubblewrapCannotRunAndSaysWhy() throws IOException {
        SandboxAttacks.assumeRoot("the fallback needs a runner allowed to switch users");
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwx--x--x"));
        Confinement confinement = ConfinementProbe.probe(properties(true, "/nonexistent/bwrap", "auto"));
        assertThat(confinement).isInstanceOf(SeparateUser.class);
        assertThat(confinement.describe()).as("uid 20000 on, or the next free block of 1000 if another runner holds it")
                .matches("separate-user: k6 runs as uid 2\\d000\\+slot; mechanism=auto, bubblewrap unavailable "
                        + "\\(bubblewrap \\('/nonexistent/bwrap'\\) not found\\), this runner may switch users.*")
                .contains("512 processes");
        assertThat(Files.getPosixFilePermissions(temp.resolve("work"))).as("others may not list the runs")
                .isEqualTo(PosixFilePermissions.fromString("rwx--x--x"));
    }

    @Test
    void aSeparateUserIsRefusedWhereK6CouldNotReachItsFolder() {
        SandboxAttacks.assumeRoot("a separate user needs a runner allowed to switch users");
        // the test's own folder is mode 700, as a runner's private folder on the way to work-dir could be
        Confinement confinement = ConfinementProbe.probe(properties(true, "bwrap", "separate-user"));
        assertThat(confinement).isInstanceOf(Refused.class);
        assertThat(confinement.describe()).startsWith("none: separate-user: " + temp + " is rwx------: every folder on the way "
                + "to work-dir needs search permission for others");
    }

    @Test
    void aRunnerWithoutTheCapabilitiesToSwitchUsersMayNotUseASeparateUser() throws IOException {
        Path status = Files.writeString(temp.resolve("status"), "Name:\tjava\nCapEff:\t0000000000000000\n");
        assertThat(Privileges.missing(status)).contains("this runner may not switch users: it lacks CAP_CHOWN, CAP_KILL, CAP_SETGID, CAP_SETUID");
        Files.writeString(status, "CapEff:\t00000000000000c1\n"); // chown, setgid, setuid
        assertThat(Privileges.missing(status)).contains("this runner may not switch users: it lacks CAP_KILL");
        Files.writeString(status, "CapEff:\t00000000a80425fb\n"); // docker's default set: all four present
        assertThat(Privileges.missing(status)).isEmpty();
    }

    @Test
    void bubblewrapHidesTheRunnersFilesHomeAndProcesses() throws Exception {
        Confinement sandbox = ConfinementProbe.probe(properties(true, "bwrap", "bubblewrap"));
        // without bubblewrap the refusal path is what this host can prove, and the first test proves it
        assumeTrue(sandbox instanceof Bubblewrap, "no working bubblewrap here: " + sandbox.describe());
        Path secret = Files.writeString(temp.resolve("runner-secret.txt"), "TOP-SECRET-VALUE");
        Path folder = Files.createDirectories(temp.resolve("work/run-files"));
        long runnerPid = ProcessHandle.current().pid();
        String script = String.join("\n",
                "cat '" + secret + "' && echo READ-SECRET",
                "ls /root >/dev/null 2>&1 && echo SAW-RUNNER-HOME",
                "ls '" + temp + "' 2>/dev/null | grep -q runner-secret && echo SAW-OTHER-FILES",
                "ls /proc/" + runnerPid + " >/dev/null 2>&1 && echo SAW-RUNNER-PROCESS",
                "echo data > \"$HOME/written.txt\" && echo WROTE-FOLDER",
                "echo PID=$$");
        String output = runInside(sandbox, folder, List.of("/bin/sh", "-c", script));
        assertThat(output).contains("WROTE-FOLDER")
                .doesNotContain("READ-SECRET", "TOP-SECRET-VALUE", "SAW-RUNNER-HOME", "SAW-OTHER-FILES", "SAW-RUNNER-PROCESS");
        assertThat(folder.resolve("written.txt")).hasContent("data");
        assertThat(output).as("its own pid namespace").containsPattern("PID=[0-9]\\b");
    }

    private static String runInside(Confinement sandbox, Path folder, List<String> command) throws IOException, InterruptedException {
        Map<String, String> env = Map.of("PATH", "/usr/bin:/bin", "HOME", folder.toString(), "TMPDIR", folder.toString());
        ProcessBuilder builder = new ProcessBuilder(sandbox.wrap(command, folder, env, 0)).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return output;
    }

    private RunnerProperties properties(boolean required, String bwrap, String mechanism) {
        return new RunnerProperties("test", 1, null, temp.resolve("results"), temp.resolve("work"), null, null, null, null,
                null, null, null, new RunnerProperties.Confinement(required, bwrap, List.of(), List.of(), mechanism, null),
                null, null, null, null);
    }
}
