package dev.k6runner.standin;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** stdout and stderr as raw bytes, flushed after every write so a reader sees lines as they come. */
final class Terminal {

    private final OutputStream stdout;
    private final OutputStream stderr;

    Terminal(OutputStream stdout, OutputStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static Terminal system() {
        return new Terminal(new FileOutputStream(FileDescriptor.out), new FileOutputStream(FileDescriptor.err));
    }

    synchronized void out(List<String> lines) {
        write(stdout, lines);
    }

    synchronized void outRaw(byte[] bytes) {
        try {
            stdout.write(bytes);
            stdout.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void err(String line) {
        write(stderr, List.of(line));
    }

    private static void write(OutputStream stream, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append('\n'));
        try {
            stream.write(text.toString().getBytes(StandardCharsets.UTF_8));
            stream.flush();
        } catch (IOException e) {
            // A closed pipe: k6 would go on without its console, so does the stand-in.
        }
    }
}
