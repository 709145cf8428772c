package dev.k6runner.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.k6runner.testsupport.K6Standin;

/** The team's k6 stand-in ({@link K6Standin}), in the shapes these tests use. */
public final class StandinK6 {

    private StandinK6() {
    }

    public static Path install(Path dir, double speed, Path invocationLog) {
        try {
            // the stand-in appends to the log but does not create its folder; the sandbox binds the folder
            Files.createDirectories(invocationLog.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return K6Standin.install(dir, new K6Standin.Options(null, speed, invocationLog));
    }

    public static List<Path> readOnlyPathsNeeded() {
        return K6Standin.readOnlyPathsNeeded();
    }

    public static String scriptFor(String scenario) {
        return K6Standin.scriptFor(scenario);
    }

    /** A recorded file as text, or null when the recording has none. */
    public static String recorded(String scenario, String file) {
        byte[] bytes = K6Standin.recorded(scenario, file);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
