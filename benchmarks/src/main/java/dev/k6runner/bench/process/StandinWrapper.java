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
        return install(directory, speed, invocationLog, null);
    }

    /**
     * @param beaconUrl while a {@code k6 run} process lives, a request to this URL every half second naming the run
     *                  (its working folder) in {@code X-Soak-Run}: the soak's stand-in for k6's load on a target,
     *                  which stops exactly when the process does; null for none
     */
    public static Path install(Path directory, double speed, Path invocationLog, String beaconUrl) {
        try {
            Files.createDirectories(directory);
            Path wrapper = directory.resolve("k6");
            String options = "--standin-speed=" + speed
                    + (invocationLog == null ? "" : " --standin-invocation-log=" + invocationLog.toAbsolutePath());
            String script = "#!/bin/sh\n" + beacon(beaconUrl) + "exec " + Repository.javaExecutable()
                    + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xss512k -Xmx96m -jar "
                    + Repository.execJar("k6-standin").toAbsolutePath() + " " + options + " \"$@\"\n";
            Files.writeString(wrapper, script);
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
            return wrapper;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A background loop that lives as long as this process ($$ stays k6's pid across exec). */
    private static String beacon(String beaconUrl) {
        if (beaconUrl == null) {
            return "";
        }
        return "case \" $* \" in *\" run \"*)\n"
                + "  k6pid=$$; run=$(basename \"$PWD\")\n"
                + "  ( while kill -0 $k6pid 2>/dev/null; do /usr/bin/curl -s -m 1 -o /dev/null -H \"X-Soak-Run: $run\" "
                + beaconUrl + " || true; sleep 0.5; done ) </dev/null >/dev/null 2>&1 &\n"
                + "esac\n";
    }

    /** What a sandboxed wrapper needs to see read-only: its JDK and the stand-in's jar. */
    public static List<Path> readOnlyPaths() {
        Path java = Path.of(Repository.javaExecutable()).toAbsolutePath();
        Path javaHome = java.getParent().getParent();
        return List.of(javaHome, Repository.execJar("k6-standin").toAbsolutePath().getParent());
    }
}
