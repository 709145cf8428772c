package dev.k6runner.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import dev.k6runner.standin.Main;

/**
 * The k6 stand-in as an executable {@code k6} for these tests: a wrapper around the k6-standin jar (which
 * replays the recordings of real k6), plus what a sandbox must expose for it to run.
 */
final class StandinK6 {

    private StandinK6() {
    }

    static Path install(Path dir, double speed, Path invocationLog) {
        try {
            Files.createDirectories(dir);
            Files.createDirectories(invocationLog.getParent());
            Path k6 = dir.resolve("k6");
            Files.writeString(k6, "#!/bin/sh\nexec " + java() + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -cp " + jar()
                    + " " + Main.class.getName() + " --standin-speed=" + speed + " --standin-invocation-log=" + invocationLog
                    + " \"$@\"\n");
            Files.setPosixFilePermissions(k6, PosixFilePermissions.fromString("rwxr-xr-x"));
            return k6;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> readOnlyPathsNeeded() {
        return List.of(Path.of(System.getProperty("java.home")), jar());
    }

    /** A script the stand-in replays as the named recording. */
    static String scriptFor(String scenario) {
        return "// k6-standin: " + scenario + "\n" + recorded(scenario, "script.js");
    }

    static String recorded(String scenario, String file) {
        try (InputStream in = StandinK6.class.getResourceAsStream("/k6-recordings/" + scenario + "/" + file)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path jar() {
        try {
            return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
