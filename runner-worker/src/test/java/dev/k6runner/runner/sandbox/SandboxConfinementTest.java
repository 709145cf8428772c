package dev.k6runner.runner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.k6runner.runner.RunnerProperties;

/** The sandbox itself, with real programs in place of k6: what a hostile script could try. */
class SandboxConfinementTest {

    @TempDir
    Path temp;

    @Test
    void withoutBubblewrapARequiredConfinementRefusesRunsAndAnOptionalOneSaysSo() {
        Confinement refused = ConfinementProbe.probe(properties(true, "/nonexistent/bwrap"));
        assertThat(refused).isInstanceOf(Refused.class);
        assertThat(refused.allowsRuns()).isFalse();
        assertThat(refused.describe()).startsWith("none: bubblewrap ('/nonexistent/bwrap') not found");
        assertThat(refused.refusal()).contains("refuses to run k6 unconfined", "confinement.required=false");

        Confinement unconfined = ConfinementProbe.probe(properties(false, "/nonexistent/bwrap"));
        assertThat(unconfined).isInstanceOf(Unconfined.class);
        assertThat(unconfined.allowsRuns()).isTrue();
        assertThat(unconfined.describe()).startsWith("none: bubblewrap ('/nonexistent/bwrap') not found");
    }

    @Test
    void aConfinedProgramSeesOnlyItsEnvironment() throws Exception {
        Confinement sandbox = bubblewrapOrSkip();
        Path folder = Files.createDirectories(temp.resolve("work/run-env"));
        String output = runInside(sandbox, folder, List.of("/usr/bin/env"));
        Set<String> keys = Arrays.stream(output.split("\n")).filter(line -> line.contains("="))
                .map(line -> line.substring(0, line.indexOf('='))).collect(Collectors.toSet());
        // bubblewrap adds PWD for --chdir: the folder itself
        assertThat(keys).containsExactlyInAnyOrder("PATH", "HOME", "TMPDIR", "K6_NO_USAGE_REPORT", "PWD");
        assertThat(output).contains("HOME=" + folder, "PWD=" + folder);
        System.getenv().keySet().stream().filter(key -> !Set.of("PATH", "HOME", "TMPDIR", "PWD").contains(key))
                .forEach(key -> assertThat(keys).doesNotContain(key));
    }

    @Test
    void aConfinedProgramCannotReadOutsideItsFolderNorWriteAnywhereElse() throws Exception {
        Confinement sandbox = bubblewrapOrSkip();
        Path secret = Files.writeString(temp.resolve("runner-secret.txt"), "TOP-SECRET-VALUE");
        Path outside = temp.resolve("written-outside.txt");
        Path folder = Files.createDirectories(temp.resolve("work/run-files"));
        long runnerPid = ProcessHandle.current().pid();
        String script = String.join("\n",
                "cat '" + secret + "' && echo READ-SECRET",
                "cat /proc/" + runnerPid + "/environ && echo READ-RUNNER-ENV",
                "ls /root >/dev/null 2>&1 && echo SAW-RUNNER-HOME",
                "ls '" + temp + "' 2>/dev/null | grep -q runner-secret && echo SAW-OTHER-FILES",
                "echo data > \"$HOME/written.txt\" && echo WROTE-FOLDER",
                "echo data > /usr/evil-" + runnerPid + " 2>/dev/null && echo WROTE-USR",
                // lands in the sandbox's own tmpfs at most, never on the host
                "echo data > '" + outside + "' 2>/dev/null",
                "echo data > /root/evil-" + runnerPid + " 2>/dev/null && echo WROTE-RUNNER-HOME",
                "echo PID=$$",
                "true");
        String output = runInside(sandbox, folder, List.of("/bin/sh", "-c", script));
        assertThat(output).contains("WROTE-FOLDER")
                .doesNotContain("READ-SECRET", "TOP-SECRET-VALUE", "READ-RUNNER-ENV", "SAW-RUNNER-HOME", "SAW-OTHER-FILES",
                        "WROTE-USR", "WROTE-RUNNER-HOME");
        assertThat(folder.resolve("written.txt")).hasContent("data");
        assertThat(outside).doesNotExist();
        assertThat(Path.of("/usr/evil-" + runnerPid)).doesNotExist();
        assertThat(Path.of("/root/evil-" + runnerPid)).doesNotExist();
        assertThat(output).as("its own pid namespace").containsPattern("PID=[0-9]\\b");
    }

    private Confinement bubblewrapOrSkip() {
        Confinement confinement = ConfinementProbe.probe(properties(true, "bwrap"));
        // without bubblewrap the refusal path is what this host can prove, and the first test proves it
        assumeTrue(confinement instanceof Bubblewrap, "no working bubblewrap here: " + confinement.describe());
        return confinement;
    }

    private static String runInside(Confinement sandbox, Path folder, List<String> command) throws IOException, InterruptedException {
        Map<String, String> env = Map.of("PATH", "/usr/bin:/bin", "HOME", folder.toString(), "TMPDIR", folder.toString(),
                "K6_NO_USAGE_REPORT", "true");
        ProcessBuilder builder = new ProcessBuilder(sandbox.wrap(command, folder, env, 0)).redirectErrorStream(true);
        builder.environment().clear();
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return output;
    }

    private RunnerProperties properties(boolean required, String bwrap) {
        return new RunnerProperties("test", 1, null, temp.resolve("results"), null, temp.resolve("work"), null, null, null, null,
                null, null, null, new RunnerProperties.Confinement(required, bwrap, List.of(), List.of()), null, null, null, null);
    }
}
