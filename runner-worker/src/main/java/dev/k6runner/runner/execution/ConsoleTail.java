package dev.k6runner.runner.execution;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * k6's stdout and stderr, interleaved by line as they arrive, keeping only the last {@code capBytes}: the
 * contract's console_output is "the last part". Also remembers k6's last {@code level=error} line whole, since
 * the status_reason quotes it even when the tail has moved past it. Lines are read in bounded chunks
 * ({@link BoundedLines}): no line costs more than the cap, however long k6 (a script's console.log) makes it.
 */
final class ConsoleTail {

    private final int capBytes;
    private final Deque<String> lines = new ArrayDeque<>();
    private final AtomicReference<K6LogLine> lastError = new AtomicReference<>();
    private long keptBytes;
    private long droppedBytes;

    ConsoleTail(int capBytes) {
        this.capBytes = capBytes;
    }

    /** Reads a stream to its end on a virtual thread. */
    Thread pump(InputStream stream, String name) {
        return pump(stream, name, line -> { });
    }

    /** Reads a stream to its end on a virtual thread; each (bounded) line is also shown to {@code watcher} first. */
    Thread pump(InputStream stream, String name, Consumer<String> watcher) {
        BoundedLines lines = new BoundedLines(capBytes, line -> {
            try {
                watcher.accept(line);
            } catch (RuntimeException e) {
                // a watcher's failure must never stop the pump: k6 would block on a full pipe
                add("[runner: " + e + "]");
            }
            add(line);
        });
        return Thread.ofVirtual().name(name).start(() -> {
            try (stream) {
                lines.readAll(stream);
            } catch (IOException e) {
                add("[runner: console stream ended: " + e.getMessage() + "]");
            }
        });
    }

    void add(String rawLine) {
        String line = rawLine.length() > capBytes ? rawLine.substring(rawLine.length() - capBytes) : rawLine;
        K6LogLine.parse(line).filter(K6LogLine::isError).ifPresent(lastError::set);
        int size = line.getBytes(StandardCharsets.UTF_8).length + 1;
        synchronized (lines) {
            lines.addLast(line);
            keptBytes += size;
            while (keptBytes > capBytes && lines.size() > 1) {
                int dropped = lines.removeFirst().getBytes(StandardCharsets.UTF_8).length + 1;
                keptBytes -= dropped;
                droppedBytes += dropped;
            }
        }
    }

    Optional<K6LogLine> lastError() {
        return Optional.ofNullable(lastError.get());
    }

    String text() {
        synchronized (lines) {
            StringBuilder text = new StringBuilder();
            if (droppedBytes > 0) {
                text.append("[… ").append(droppedBytes).append(" earlier bytes of k6's console not kept]\n");
            }
            lines.forEach(line -> text.append(line).append('\n'));
            return text.toString();
        }
    }
}
