package dev.k6runner.bench.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import dev.k6runner.testsupport.process.Repository;

/**
 * Writes an executable named {@code k6} that runs the k6 stand-in with wrapper options baked in (the runner
 * gives k6 a clean environment, so nothing can come from there): its replay speed and its invocation log.
 */
public final class StandinWrapper {

    private StandinWrapper() {
    }

    /** @param invocationLog one JSON line per invocation, or null */
    public static Path install(Path directory, double speed, Path invocationLog) {
        try {
            Files.createDirectories(directory);
            Path wrapper = directory.resolve("k6");
            String options = "--standin-speed=" + speed
                    + (invocationLog == null ? "" : " --standin-invocation-log=" + invocationLog.toAbsolutePath());
            String script = "#!/bin/sh\nexec " + Repository.javaExecutable()
                    + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xss512k -Xmx96m -jar "
                    + Repository.execJar("k6-standin").toAbsolutePath() + " " + options + " \"$@\"\n";
            Files.writeString(wrapper, script);
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
            return wrapper;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a sandboxed wrapper needs to see read-only: its JDK and the stand-in's jar. */
    public static List<Path> readOnlyPaths() {
        Path java = Path.of(Repository.javaExecutable()).toAbsolutePath();
        Path javaHome = java.getParent().getParent();
        return List.of(javaHome, Repository.execJar("k6-standin").toAbsolutePath().getParent());
    }
}
