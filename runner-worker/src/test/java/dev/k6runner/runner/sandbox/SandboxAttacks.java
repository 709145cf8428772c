package dev.k6runner.runner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import dev.k6runner.runner.RunnerProperties;
import dev.k6runner.testsupport.K6Standin;

/**
 * What a hostile script (or a k6 it subverted) would try, run by real programs standing in for k6 inside the real
 * confinement, on slot 0, next to another run on slot 1. Each mechanism runs all of these; each test would pass
 * its attack without the confinement (checked by running it unconfined).
 */
abstract class SandboxAttacks {

    /** Small bounds the attacks can reach quickly; each test that needs another takes its own. */
    static final RunnerProperties.Resources TIGHT = new RunnerProperties.Resources(DataSize.ofMegabytes(256), 32, 64,
            DataSize.ofMegabytes(1), DataSize.ofMegabytes(64), DataSize.ofMegabytes(16));

    @TempDir
    Path temp;

    SandboxHost host;

    /** The mechanism under attack, probed for real with {@code resources}; skips where this host cannot have it. */
    abstract Confinement confinement(RunnerProperties.Resources resources);

    @BeforeEach
    void host() throws Exception {
        host = new SandboxHost(temp);
    }

    @AfterEach
    void cleanUp() {
        host.close();
    }

    @Test
    void itSeesOnlyTheEnvironmentItWasGiven() throws Exception {
        Confinement sandbox = confinement(TIGHT);
        Path folder = host.folder(sandbox, 0);
        Process process = host.start(sandbox, 0, folder, Map.of("TOKEN", "the-runs-own"), List.of("/usr/bin/env"));
        String output = new String(process.getInputStream().readAllBytes());
        Set<String> keys = output.lines().filter(line -> line.contains("="))
                .map(line -> line.substring(0, line.indexOf('='))).collect(Collectors.toSet());
        // bubblewrap adds PWD for its --chdir: the folder itself
        assertThat(keys).contains("PATH", "HOME", "TMPDIR", "TOKEN").isSubsetOf("PATH", "HOME", "TMPDIR", "TOKEN", "PWD");
        assertThat(output).contains("HOME=" + folder, "TOKEN=the-runs-own");
    }

    @Test
    void anEnvironmentTheWrappersCLibraryWouldActOnIsRefused() throws Exception {
        Confinement sandbox = confinement(TIGHT);
        Path folder = host.folder(sandbox, 0);
        // bwrap, setpriv and prlimit run as the runner (root): LD_PRELOAD there would be code outside the confinement
        for (String name : List.of("LD_PRELOAD", "LD_LIBRARY_PATH", "GCONV_PATH", "GLIBC_TUNABLES")) {
            assertThatThrownBy(() -> sandbox.wrap(List.of("/usr/bin/true"), folder, Map.of(name, "/x"), 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(name);
        }
    }

    @Test
    void theRunnersEnvironmentIsUnreadable() throws Exception {
        Confinement sandbox = confinement(TIGHT);
        String secret = "DATABASE-PASSWORD-" + UUID.randomUUID();
        long runner = host.startRunnerHolding(secret);
        assertThat(SandboxHost.read(Path.of("/proc", Long.toString(runner), "environ"))).as("the secret is there").contains(secret);
        Path mine = host.folder(sandbox, 0);
        String own = "OWN-" + UUID.randomUUID();
        String output = host.search(sandbox, 0, mine, Map.of("OWN", own), "/proc/[0-9]*/environ", secret, own);
        assertThat(output).as("it reads its own environment, no other").contains("FOUND-" + own).doesNotContain("FOUND-" + secret);
    }

    @Test
    void anotherRunsFolderScriptEnvAndResultsAreUnreadable() throws Exception {
        Confinement sandbox = confinement(TIGHT);
        Path mine = host.folder(sandbox, 0);
        Path theirs = host.folder(sandbox, 1);
        String output = host.run(sandbox, 0, mine, String.join("\n",
                "cat '" + theirs + "/script.js' '" + theirs + "/env' '" + theirs + "/summary.json' 2>&1",
                "ls -la '" + theirs + "' '" + host.results + "' '" + host.workRoot + "' 2>&1",
                "cat '" + host.results + "'/* 2>&1",
                "echo DONE")).output();
        assertThat(output).contains("DONE").doesNotContain(host.marker(1), host.resultMarker, host.unlistedName);
    }

    @Test
    void anotherSlotsProcessShowsItsEnvToNoOneNorItsCommandLineToAnyone() throws Exception {
        Confinement sandbox = confinement(TIGHT);
        String token = "SLOT1-TOKEN-" + UUID.randomUUID();
        Process slot1 = host.start(sandbox, 1, host.folder(sandbox, 1), Map.of("TOKEN", token),
                List.of("/bin/sh", "-c", "echo \"$TOKEN\"; exec sleep 600"));
        assertThat(new String(slot1.getInputStream().readNBytes(token.length() + 1))).as("its environment holds the token")
                .isEqualTo(token + "\n");
        assertThat(host.commandLines(slot1)).as("the slot-1 process tree's command lines").isNotEmpty()
                .allSatisfy(line -> assertThat(line).doesNotContain(token));
        String output = host.search(sandbox, 0, host.folder(sandbox, 0), Map.of(), "/proc/[0-9]*/environ /proc/[0-9]*/cmdline", token);
        assertThat(output).doesNotContain("FOUND-" + token);
    }

    @Test
    void writingOutsideItsFolderFails() throws Exception {
        Confinement sandbox = confinement(TIGHT);
        Path theirs = host.folder(sandbox, 1);
        String name = "evil-" + UUID.randomUUID();
        List<Path> targets = List.of(Path.of("/", name), Path.of("/usr", name), host.workRoot.resolve(name),
                host.results.resolve(name), theirs.resolve(name), theirs.resolve("script.js"), host.runnerFile);
        StringBuilder script = new StringBuilder();
        targets.forEach(target -> script.append("echo overwritten >> '").append(target).append("' 2>/dev/null\n"));
        script.append("echo mine > \"$HOME/").append(name).append("\" && echo WROTE-MINE\n");
        try {
            assertThat(host.run(sandbox, 0, host.folder(sandbox, 0), script.toString()).output()).contains("WROTE-MINE");
            targets.forEach(target -> assertThat(!Files.exists(target) || !SandboxHost.read(target).contains("overwritten"))
                    .as("written: " + target).isTrue());
        } finally {
            // should the confinement ever fail, the host keeps no trace of this test
            Files.deleteIfExists(Path.of("/", name));
            Files.deleteIfExists(Path.of("/usr", name));
        }
    }

    @Test
    void itHoldsNoCapabilityAndRootOnlyActionsFail() throws Exception {
        Confinement sandbox = confinement(TIGHT);
        Path mine = host.folder(sandbox, 0);
        Path foreign = host.foreignFile(mine, "someone-elses.txt", 4242);
        String output = host.run(sandbox, 0, mine, String.join("\n",
                "grep -E '^Cap(Eff|Prm|Amb):' /proc/self/status",
                "cat '" + foreign + "' && echo READ-FOREIGN",
                "echo x > mine.txt; chown 4243:4243 mine.txt && echo CHOWNED",
                "echo DONE")).output();
        assertThat(output).contains("CapEff:\t0000000000000000", "CapPrm:\t0000000000000000", "CapAmb:\t0000000000000000", "DONE")
                .doesNotContain("READ-FOREIGN", "foreign-secret", "CHOWNED");
    }

    @Test
    void tooManyOpenFilesFail() throws Exception {
        Confinement sandbox = confinement(TIGHT);
        String output = host.run(sandbox, 0, host.folder(sandbox, 0), host.python(
                "files = []",
                "try:",
                "    while len(files) < 500: files.append(open('/dev/null'))",
                "    print('OPENED', len(files))",
                "except OSError as e:",
                "    print('REFUSED', len(files), e.strerror)")).output();
        assertThat(output).contains("REFUSED").contains("Too many open files").doesNotContain("OPENED");
    }

    @Test
    void aFileOverTheSizeBoundIsCutAtTheBound() throws Exception {
        Confinement sandbox = confinement(TIGHT);
        Path mine = host.folder(sandbox, 0);
        SandboxHost.Ran ran = host.run(sandbox, 0, mine, "head -c 3000000 /dev/zero > big.bin && echo WROTE-ALL");
        assertThat(ran.output()).doesNotContain("WROTE-ALL");
        assertThat(Files.size(mine.resolve("big.bin"))).isEqualTo(DataSize.ofMegabytes(1).toBytes());
    }

    @Test
    void anAddressSpaceOverTheCeilingIsRefused() throws Exception {
        Confinement sandbox = confinement(TIGHT);
        long ceiling = ResourceLimits.addressSpaceFor(TIGHT.maxMemory().toBytes());
        // MAP_NORESERVE: without the ceiling the kernel grants it, whatever this host's memory
        String output = host.run(sandbox, 0, host.folder(sandbox, 0), host.python(
                "import mmap",
                "try:",
                "    m = mmap.mmap(-1, " + (ceiling + (1L << 30)) + ", flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS | 0x4000)",
                "    print('MAPPED')",
                "except OSError as e:",
                "    print('REFUSED', e.strerror)",
                "m = mmap.mmap(-1, " + (1L << 30) + ", flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS | 0x4000)",
                "print('A-GIB-FITS')")).output();
        assertThat(output).contains("REFUSED", "Cannot allocate memory", "A-GIB-FITS").doesNotContain("MAPPED");
    }

    @Test
    void theJvmK6StandInRunsUnderTheDefaultBounds() throws Exception {
        RunnerProperties.Resources defaults = new RunnerProperties.Resources(null, null, null, null, null, null);
        Path standin = K6Standin.install(host.shared.resolve("standin"));
        Confinement sandbox = confinement(defaults);
        Path mine = host.folder(sandbox, 0);
        Files.writeString(mine.resolve("Peak.java"), """
                class Peak { public static void main(String[] a) throws Exception {
                  java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")).stream()
                      .filter(l -> l.startsWith("VmPeak")).forEach(System.out::println); } }""");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        SandboxHost.Ran ran = host.run(sandbox, 0, mine, String.join("\n",
                "'" + java + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xmx128m Peak.java",
                "'" + standin + "' version"));
        assertThat(ran.exit()).as(ran.output()).isZero();
        assertThat(ran.output()).contains("VmPeak:", "k6 v");
        long peakKiB = Long.parseLong(ran.output().replaceAll("(?s).*VmPeak:\\s*(\\d+) kB.*", "$1"));
        assertThat(peakKiB * 1024).as("a JVM's reserved address space stays well below the ceiling")
                .isLessThan(ResourceLimits.ADDRESS_SPACE_FLOOR / 2);
    }

    @Test
    void cleanUpLeavesNothingTheScriptStartedInTheBackground() throws Exception {
        Confinement sandbox = confinement(TIGHT);
        String marker = "left-behind-" + UUID.randomUUID();
        String output = host.run(sandbox, 0, host.folder(sandbox, 0), String.join("\n",
                "/usr/bin/python3 -c 'import pathlib, time; pathlib.Path(\"ready\").touch(); time.sleep(600)' " + marker
                        + " >/dev/null 2>&1 </dev/null &",
                "while [ ! -e ready ]; do sleep 0.05; done",
                "echo SPAWNED")).output();
        assertThat(output).contains("SPAWNED");
        sandbox.cleanUp(0);
        // bubblewrap's pid namespace ends with k6; a separate user's processes end by cleanUp
        await().atMost(Duration.ofSeconds(10)).until(() -> SandboxHost.processesWith(marker).isEmpty());
    }

    static void assumeRoot(String why) {
        assumeTrue(Privileges.missingToSwitchUsers().isEmpty(), why + ": " + Privileges.missingToSwitchUsers().orElse(""));
    }
}
