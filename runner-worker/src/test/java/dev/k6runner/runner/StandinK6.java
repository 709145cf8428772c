package dev.k6runner.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.k6runner.platform.kafka.EventCodec;
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

    /**
     * What the stand-in logged of its invocations for one run (its work folder carries the run's id), in order:
     * {@code args}, {@code env}, {@code cwd}. None while nothing was invoked.
     */
    public static List<Map<String, Object>> invocations(Path log, UUID runId) {
        if (!Files.exists(log)) {
            return List.of();
        }
        EventCodec codec = new EventCodec();
        List<Map<String, Object>> found = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(log)) {
                if (line.contains(runId.toString())) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> invocation = codec.decode(line, Map.class);
                    found.add(invocation);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** The k6 commands started for a run, in order: "inspect", then "run" unless a limit refused it. */
    public static List<String> commands(Path log, UUID runId) {
        return invocations(log, runId).stream().map(invocation -> args(invocation).getFirst()).toList();
    }

    @SuppressWarnings("unchecked")
    public static List<String> args(Map<String, Object> invocation) {
        return (List<String>) invocation.get("args");
    }
}
