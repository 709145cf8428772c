package dev.k6runner.standin;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The stand-in run in-process on a script written to a folder, with what it prints kept for the assertions. */
final class CapturedTerminal {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** {@code leading} (wrapper options, the command), then {@code flags}, then the script's path. */
    int invoke(Path dir, String script, Map<String, String> env, List<String> leading, String... flags) throws Exception {
        Path file = dir.resolve("script.js");
        Files.writeString(file, script);
        List<String> args = new ArrayList<>(leading);
        args.addAll(List.of(flags));
        args.add(file.toString());
        return Main.run(args, env, terminal(), System.nanoTime());
    }

    /** Forgets what was printed, for the next invocation. */
    void reset() {
        out.reset();
        err.reset();
    }

    /** Forgets what was printed on stderr only. */
    void resetStderr() {
        err.reset();
    }

    Terminal terminal() {
        return new Terminal(out, err);
    }

    byte[] stdoutBytes() {
        return out.toByteArray();
    }

    String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
