package dev.k6runner.runner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.k6runner.runner.RunnerProperties;
import dev.k6runner.testsupport.K6Standin;

/**
 * A runner's host in a temporary folder: its work root with run folders as the runner prepares them (script,
 * env, summary), a results directory (mode 700, as the runner keeps it), a file of the runner's own, and the
 * processes it started; everything a confined program could go after.
 */
final class SandboxHost implements AutoCloseable {

    final Path workRoot;
    final Path results;
    final Path shared;
    final Path runnerFile;
    final String resultMarker = "RESULT-" + UUID.randomUUID();
    /** A run folder whose name no attack is told: it shows up only if the work root can be listed. */
    final String unlistedName = "unlisted-" + UUID.randomUUID();
    private final Map<Integer, String> markers = new HashMap<>();
    private final List<Process> started = new ArrayList<>();
    private final List<Confinement> used = new ArrayList<>();

    SandboxHost(Path temp) throws IOException {
        // as a runner's own folders are: reachable by others (o+x), listable by the runner alone
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwx--x--x"));
        workRoot = temp.resolve("work");
        results = Files.createDirectories(temp.resolve("results"));
        Files.setPosixFilePermissions(results, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(results.resolve(resultMarker + ".json"), resultMarker);
        shared = Files.createDirectories(temp.resolve("shared"));
        runnerFile = Files.writeString(shared.resolve("runner-settings.yml"), "password: RUNNER-FILE-" + UUID.randomUUID());
    }

    /** The runner's settings for {@code mechanism} and {@code resources} (the k6 stand-in's paths exposed read-only). */
    RunnerProperties properties(String mechanism, int uidBase, RunnerProperties.Resources resources) {
        List<Path> readOnly = new ArrayList<>(K6Standin.readOnlyPathsNeeded());
        readOnly.add(shared.resolve("standin"));
        return new RunnerProperties("sandbox-test", 2, null, results, workRoot, null, null, null, null, null, null, null,
                new RunnerProperties.Confinement(true, "bwrap", readOnly, List.of(), mechanism, uidBase), null, resources, null, null);
    }

    /** A run folder for {@code slot} as the runner leaves it before k6 starts: mode 700, its files, then prepared. */
    Path folder(Confinement confinement, int slot) throws IOException {
        Files.createDirectories(workRoot);
        Files.createDirectories(workRoot.resolve(unlistedName));
        String marker = markers.computeIfAbsent(slot, s -> "SLOT" + s + "-" + UUID.randomUUID());
        Path folder = Files.createDirectory(workRoot.resolve(UUID.randomUUID().toString()),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(folder.resolve("script.js"), "// " + marker);
        Files.writeString(folder.resolve("env"), "TOKEN=" + marker);
        Files.writeString(folder.resolve("summary.json"), "{\"marker\":\"" + marker + "\"}");
        Files.writeString(folder.resolve("named-" + marker), "");
        confinement.prepare(folder, slot);
        used.add(confinement);
        return folder;
    }

    String marker(int slot) {
        return markers.get(slot);
    }

    /** A file in {@code folder} owned by another uid, mode 600: only a process with CAP_DAC_OVERRIDE reads it. */
    Path foreignFile(Path folder, String name, int uid) throws IOException {
        Path file = Files.writeString(folder.resolve(name), "foreign-secret");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.setAttribute(file, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        return file;
    }

    /** A process of the runner (not confined) holding {@code secret} in its environment, as the runner holds its own. */
    long startRunnerHolding(String secret) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("sleep", "600");
        builder.environment().put("K6RUNNER_DATABASE_PASSWORD", secret);
        Process process = builder.start();
        started.add(process);
        return process.pid();
    }

    record Ran(int exit, String output) {
    }

    /** Runs {@code script} with /bin/sh inside the confinement on {@code slot}, to its end. */
    Ran run(Confinement confinement, int slot, Path folder, String script) throws IOException, InterruptedException {
        Process process = start(confinement, slot, folder, Map.of(), List.of("/bin/sh", "-c", script));
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("ended: " + output).isTrue();
        // in the test's output file: what the attack saw, for whoever reads a failure
        System.out.printf("--- %s slot %d, exit %d:%n%s%n", confinement.getClass().getSimpleName(), slot, process.exitValue(), output);
        return new Ran(process.exitValue(), output);
    }

    /** Starts {@code command} as the runner starts k6: the wrapped command line, exactly k6's environment. */
    Process start(Confinement confinement, int slot, Path folder, Map<String, String> extraEnv, List<String> command)
            throws IOException {
        Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", folder.toString(),
                "TMPDIR", folder.toString()));
        env.putAll(extraEnv);
        ProcessBuilder builder = new ProcessBuilder(confinement.wrap(command, folder, env, slot))
                .directory(folder.toFile()).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        started.add(process);
        return process;
    }

    /**
     * Searches {@code files} (a shell glob) from inside the confinement for each needle, printing {@code FOUND-<needle>}
     * where one is found. The needles come from files, so that they are on no command line of the search itself, and
     * nothing else found is printed: the command lines of this host's other processes are none of this test's business.
     */
    String search(Confinement confinement, int slot, Path folder, Map<String, String> env, String files, String... needles)
            throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < needles.length; i++) {
            Files.writeString(folder.resolve("needle-" + i), needles[i]);
            script.append("for f in ").append(files).append("; do grep -aqFf needle-").append(i)
                    .append(" \"$f\" 2>/dev/null && { printf 'FOUND-'; cat needle-").append(i).append("; echo; break; }; done\n");
        }
        Process process = start(confinement, slot, folder, env, List.of("/bin/sh", "-c", script.append("echo DONE").toString()));
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("DONE");
        return output;
    }

    /** A python3 program as a shell command (python3 of the system: a confined uid cannot reach a user's own). */
    String python(String... lines) {
        return "/usr/bin/python3 - <<'PYTHON'\n" + String.join("\n", lines) + "\nPYTHON\n";
    }

    /** The command lines of {@code process} and all its descendants, as any process of the host can read them. */
    List<String> commandLines(Process process) {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants())
                .map(handle -> read(Path.of("/proc", Long.toString(handle.pid()), "cmdline")).replace('\0', ' ')).toList();
    }

    /** Live processes whose command line contains {@code marker}. */
    static List<Long> processesWith(String marker) {
        return ProcessHandle.allProcesses()
                .filter(handle -> read(Path.of("/proc", Long.toString(handle.pid()), "cmdline")).contains(marker))
                .filter(handle -> !read(Path.of("/proc", Long.toString(handle.pid()), "stat")).matches("(?s)^\\d+ \\(.*\\) Z .*"))
                .map(ProcessHandle::pid).toList();
    }

    static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        for (Confinement confinement : used) {
            for (int slot : markers.keySet()) {
                confinement.cleanUp(slot);
            }
        }
        for (Process process : started) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
