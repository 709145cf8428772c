package dev.k6runner.standin;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The recorded {@code --out json} stream, read line by line (the biggest is about 1 MB, a real one can be
 * gigabytes): each Point is due at its recorded time relative to the first Point; a Metric line goes with
 * the Point that follows it. Times never go backwards (k6 writes a few points slightly out of order).
 */
final class MetricStream implements Closeable {

    private static final Pattern TIME = Pattern.compile("\"time\":\"([^\"]+)\"");

    private final BufferedReader reader;
    private Instant firstPoint;
    private double lastAt;
    private List<String> batch;
    private double batchAt;

    private MetricStream(InputStream in) {
        this.reader = in == null ? null : new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        this.batch = readBatch();
    }

    static MetricStream of(Recording recording) {
        return new MetricStream(recording.open("metrics.ndjson"));
    }

    /** The recorded time of the first point, or null for a recording without a stream. */
    Instant firstPoint() {
        return firstPoint;
    }

    boolean hasNext() {
        return !batch.isEmpty();
    }

    /** Seconds after the first point at which the next lines are due. */
    double nextAt() {
        return batchAt;
    }

    List<String> next() {
        List<String> due = batch;
        batch = readBatch();
        return due;
    }

    private List<String> readBatch() {
        List<String> lines = new ArrayList<>(2);
        if (reader == null) {
            return lines;
        }
        try {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
                Matcher time = TIME.matcher(line);
                if (line.contains("\"type\":\"Point\"") && time.find()) {
                    Instant at = Instant.parse(time.group(1));
                    if (firstPoint == null) {
                        firstPoint = at;
                    }
                    lastAt = Math.max(lastAt, Duration.between(firstPoint, at).toNanos() / 1e9);
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        batchAt = lastAt;
        return lines;
    }

    @Override
    public void close() throws IOException {
        if (reader != null) {
            reader.close();
        }
    }
}
