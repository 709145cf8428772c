package dev.k6runner.runner.quarantine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a run needs of its host before k6 starts, tried without a run: {@code k6 version} runs, a folder can be made
 * in the work folder and written to, and a named pipe made in it (what {@code WorkFolder} does for each run).
 */
final class HostProbe {

    private static final byte[] PAGE = new byte[4096];

    private final String k6Binary;
    private final Path workDir;

    HostProbe(String k6Binary, Path workDir) {
        this.k6Binary = k6Binary;
        this.workDir = workDir;
    }

    /** @return empty when the host can prepare and start a run; else what failed */
    Optional<String> failure() {
        try {
            run(List.of(k6Binary, "version"), "k6 version");
            Files.createDirectories(workDir);
            Path folder = Files.createTempDirectory(workDir, "quarantine-probe-");
            try {
                Files.write(folder.resolve("probe"), PAGE);
                run(List.of("mkfifo", "-m", "600", folder.resolve("probe.fifo").toString()), "mkfifo");
            } finally {
                deleteTree(folder);
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("probe interrupted");
        }
    }

    private static void run(List<String> command, String what) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(what + " did not end within 10 s");
        }
        if (process.exitValue() != 0) {
            throw new IOException(what + " failed (exit " + process.exitValue() + "): " + output.strip());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
