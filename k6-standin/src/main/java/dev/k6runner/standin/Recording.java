package dev.k6runner.standin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalDouble;

/** One recorded run, read lazily from the classpath ({@code k6-recordings/<name>/<file>}). */
final class Recording {

    private static final String ROOT = "/k6-recordings/";

    private final String name;

    Recording(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    boolean has(String file) {
        return Recording.class.getResource(ROOT + name + "/" + file) != null;
    }

    /** The file's stream, or null when this recording has no such file. */
    InputStream open(String file) {
        return Recording.class.getResourceAsStream(ROOT + name + "/" + file);
    }

    /** The file's bytes, or null when absent. */
    byte[] bytes(String file) {
        try (InputStream in = open(file)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file as text, or null when absent. */
    String text(String file) {
        byte[] bytes = bytes(file);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** The file's lines (without line ends), empty when absent or empty. */
    List<String> lines(String file) {
        String text = text(file);
        return text == null || text.isEmpty() ? List.of() : text.lines().toList();
    }

    int exitCode() {
        String text = text("exit-code.txt");
        return text == null ? 0 : Integer.parseInt(text.strip());
    }

    OptionalDouble wallSeconds() {
        String text = text("wall-seconds.txt");
        return text == null || text.isBlank() ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(text.strip()));
    }

    /** The recorded command line, first line only ("k6 run ... script.js; SIGINT sent after 2s" → before the ';'). */
    String command() {
        String text = text("command.txt");
        return text == null ? "" : text.lines().findFirst().orElse("").split(";")[0].strip();
    }
}
