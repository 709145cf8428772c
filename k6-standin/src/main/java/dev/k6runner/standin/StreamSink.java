package dev.k6runner.standin;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Where {@code --out json=FILE} goes. Opened only when the run starts, as k6 opens its outputs after the
 * script loaded; for a named pipe that open blocks until a reader comes, as it does for k6. A failed write
 * (the reader closed the pipe) stops the stream, not the run.
 */
final class StreamSink {

    private final Path path;
    private final Terminal terminal;
    private OutputStream out;

    StreamSink(Path path, Terminal terminal) {
        this.path = path;
        this.terminal = terminal;
    }

    void open() {
        if (path == null) {
            return;
        }
        try {
            out = new BufferedOutputStream(new FileOutputStream(path.toFile()), 1 << 16);
        } catch (IOException e) {
            throw new StandinFailure("cannot open the --out json file " + path + ": " + e.getMessage());
        }
    }

    void write(List<String> lines) {
        if (out == null) {
            return;
        }
        try {
            for (String line : lines) {
                out.write(line.getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        } catch (IOException e) {
            failed(e);
        }
    }

    void flush() {
        if (out == null) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            failed(e);
        }
    }

    void close() {
        if (out == null) {
            return;
        }
        OutputStream closing = out;
        out = null;
        try {
            closing.close();
        } catch (IOException e) {
            report(e);
        }
    }

    private void failed(IOException e) {
        OutputStream broken = out;
        out = null;
        report(e);
        try {
            broken.close();
        } catch (IOException ignored) {
            // already reported
        }
    }

    private void report(IOException e) {
        terminal.err("k6-standin: writing the --out json stream to " + path + " failed (" + e.getMessage()
                + "); the replay goes on without it");
    }
}
