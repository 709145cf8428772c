package dev.k6runner.standin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One recorded run, read lazily from the classpath ({@code k6-recordings/<name>/<file>}). A folder may hold
 * further invocations of the same script as prefixed files ({@code without-stdout.txt}, {@code flags-exit-code.txt}):
 * {@link #variant} reads those, and the shared {@code script.js}.
 */
final class Recording {

    private static final String ROOT = "/k6-recordings/";
    private static final String SCRIPT = "script.js";

    private final String name;
    private final String prefix;

    Recording(String name) {
        this(name, wholePrefix(name));
    }

    /**
     * A recording of execution segments keeps each process in a folder of its own ({@code segment-0/}, …,
     * {@code whole/}): unsegmented, it replays {@code whole/}.
     */
    private static String wholePrefix(String name) {
        boolean flat = Recording.class.getResource(ROOT + name + "/command.txt") != null;
        return !flat && Recording.class.getResource(ROOT + name + "/" + SegmentRecordings.WHOLE + "command.txt") != null
                ? SegmentRecordings.WHOLE : "";
    }

    private Recording(String name, String prefix) {
        this.name = name;
        this.prefix = prefix;
    }

    /** The invocation recorded in the files starting with {@code prefix} (e.g. "without-"). */
    Recording variant(String variantPrefix) {
        return new Recording(name, variantPrefix);
    }

    String name() {
        return name;
    }

    /** The prefix of this invocation's files ("" for the recording's main one). */
    String prefix() {
        return prefix;
    }

    boolean has(String file) {
        return Recording.class.getResource(path(file)) != null;
    }

    /** The file's stream, or null when this recording has no such file. */
    InputStream open(String file) {
        return Recording.class.getResourceAsStream(path(file));
    }

    private String path(String file) {
        return ROOT + name + "/" + (file.equals(SCRIPT) ? file : prefix + file);
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

    /**
     * The recorded k6 command line, first line only ("k6 run ... script.js; SIGINT sent after 2s" → before the ';'),
     * without a leading {@code env -i K=V …} that gave it a clean environment.
     */
    String command() {
        List<String> tokens = commandTokens();
        return String.join(" ", tokens.subList(environmentTokens(tokens), tokens.size()));
    }

    /** The environment an {@code env -i K=V … k6 …} recording ran with; empty for the others (k6 got the recorder's). */
    Map<String, String> environment() {
        List<String> tokens = commandTokens();
        int end = environmentTokens(tokens);
        Map<String, String> environment = new LinkedHashMap<>();
        for (String token : tokens.subList(end == 0 ? 0 : 2, end)) {
            int eq = token.indexOf('=');
            environment.put(token.substring(0, eq), token.substring(eq + 1));
        }
        return environment;
    }

    boolean isRun() {
        return command().startsWith("k6 run");
    }

    boolean isInspect() {
        return command().startsWith("k6 inspect");
    }

    /** How many leading tokens are {@code env -i K=V …}. */
    private static int environmentTokens(List<String> tokens) {
        if (tokens.size() < 2 || !tokens.get(0).equals("env") || !tokens.get(1).equals("-i")) {
            return 0;
        }
        int i = 2;
        while (i < tokens.size() && tokens.get(i).contains("=")) {
            i++;
        }
        return i;
    }

    private List<String> commandTokens() {
        String text = text("command.txt");
        String line = text == null ? "" : text.lines().findFirst().orElse("").split(";")[0].strip();
        return line.isEmpty() ? List.of() : List.of(line.split("\\s+"));
    }
}
