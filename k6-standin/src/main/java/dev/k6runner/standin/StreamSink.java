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
 * script loaded; for a named pipe that open blocks until a reader comes, as it does for k6.
 */
final class StreamSink {

    private final Path path;
    private OutputStream out;

    StreamSink(Path path) {
        this.path = path;
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

    void write(List<String> lines) throws IOException {
        if (out == null) {
            return;
        }
        for (String line : lines) {
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
    }

    void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    void close() throws IOException {
        if (out != null) {
            OutputStream closing = out;
            out = null;
            closing.close();
        }
    }
}
