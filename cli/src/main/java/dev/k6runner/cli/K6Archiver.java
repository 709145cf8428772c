package dev.k6runner.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where k6 is installed, {@code k6 archive} bundles exactly what the script needs (its local modules and files, binary
 * too, and the remote modules it imports, vendored): the CLI uploads that tar. Without k6, or when it fails, the
 * caller sends the script's folder instead ({@link ProjectFolder}).
 */
final class K6Archiver {

    private static final long TIMEOUT_SECONDS = 120;

    private K6Archiver() {
    }

    /** The tar {@code k6 archive} made of {@code script}, or empty where no k6 is on the PATH or it failed (said on err). */
    static Optional<byte[]> archive(Path script, Map<String, String> env, PrintStream err) {
        Optional<Path> k6 = onPath(env.getOrDefault("PATH", ""));
        if (k6.isEmpty()) {
            return Optional.empty();
        }
        Path tar = null;
        try {
            tar = Files.createTempFile("k6runner-", ".tar");
            Process process = new ProcessBuilder(k6.get().toString(), "archive", "--no-color", "-O", tar.toString(), script.toString())
                    .redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                err.println("k6runner: `k6 archive` failed; sending the script's folder instead: "
                        + new String(output, StandardCharsets.UTF_8).strip());
                return Optional.empty();
            }
            return Optional.of(Files.readAllBytes(tar));
        } catch (IOException e) {
            err.println("k6runner: `k6 archive` could not run (" + e.getMessage() + "); sending the script's folder instead");
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            deleteQuietly(tar);
        }
    }

    static Optional<Path> onPath(String path) {
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, "k6");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file left behind is harmless
            }
        }
    }
}
