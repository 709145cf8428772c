package dev.k6runner.cli.validate;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** k6 must be where the runner looks for it: {@code K6_BINARY}, else {@code k6} on {@code PATH}. */
final class K6Check {

    static final String INSTALL_HINT = "install k6 (https://grafana.com/docs/k6/latest/set-up/install-k6/) or set K6_BINARY";

    private final String k6Binary;
    private final String path;
    private final Duration timeout;

    K6Check(String k6Binary, String path, Duration timeout) {
        this.k6Binary = k6Binary;
        this.path = path;
        this.timeout = timeout;
    }

    CheckResult check() {
        Optional<Path> binary = resolve();
        if (binary.isEmpty()) {
            return CheckResult.fail("k6", k6Binary != null
                    ? "K6_BINARY=" + k6Binary + " is not an executable file: fix the path or " + INSTALL_HINT
                    : "k6 not found: K6_BINARY is unset and no k6 on PATH: " + INSTALL_HINT);
        }
        try {
            Process process = new ProcessBuilder(binary.get().toString(), "version").redirectErrorStream(true).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return CheckResult.fail("k6", binary.get() + " version did not answer within " + timeout.toSeconds() + " s: " + INSTALL_HINT);
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0 || !output.startsWith("k6 ")) {
                return CheckResult.fail("k6", binary.get() + " version exited " + process.exitValue() + " (" + firstLine(output)
                        + "): it is not a working k6; " + INSTALL_HINT);
            }
            return CheckResult.ok("k6", firstLine(output) + " at " + binary.get());
        } catch (IOException e) {
            return CheckResult.fail("k6", "cannot start " + binary.get() + ": " + e.getMessage() + "; " + INSTALL_HINT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.fail("k6", "interrupted while running k6 version");
        }
    }

    Optional<Path> resolve() {
        if (k6Binary != null && !k6Binary.isBlank()) {
            Path given = Path.of(k6Binary);
            return Files.isRegularFile(given) && Files.isExecutable(given) ? Optional.of(given) : Optional.empty();
        }
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, "k6");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
