package dev.k6runner.runner.execution;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits a stream into lines in fixed-size chunks, keeping at most {@code maxLineBytes} of any line (its start, where
 * k6 puts {@code time=… level=… msg=…}) and counting the rest: a script that prints one enormous line costs the runner
 * at most that much memory, never the line's size (a {@code BufferedReader.readLine} holds the whole line).
 */
final class BoundedLines {

    private static final int CHUNK = 8192;

    private final int maxLineBytes;
    private final Consumer<String> lines;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private long notKept;

    BoundedLines(int maxLineBytes, Consumer<String> lines) {
        this.maxLineBytes = maxLineBytes;
        this.lines = lines;
    }

    /** Reads {@code in} to its end; every line (and an unterminated last one) goes to the consumer. */
    void readAll(InputStream in) throws IOException {
        byte[] chunk = new byte[CHUNK];
        for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (chunk[i] == '\n') {
                    keep(chunk, start, i - start);
                    emit();
                    start = i + 1;
                }
            }
            keep(chunk, start, n - start);
        }
        if (line.size() > 0 || notKept > 0) {
            emit();
        }
    }

    private void keep(byte[] bytes, int from, int length) {
        int room = Math.max(0, Math.min(length, maxLineBytes - line.size()));
        line.write(bytes, from, room);
        notKept += length - room;
    }

    private void emit() {
        String text = line.toString(StandardCharsets.UTF_8);
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        if (notKept > 0) {
            text += " [… " + notKept + " more bytes of this line not kept]";
        }
        line.reset();
        notKept = 0;
        lines.accept(text);
    }
}
