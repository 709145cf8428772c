package dev.k6runner.runner.stream;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import dev.k6runner.model.LoadGeneratorHealth;
import dev.k6runner.model.MetricFold;
import dev.k6runner.model.RunDigest;
import dev.k6runner.model.RunProgress;

/**
 * Folds k6's {@code --out json} stream into a {@link RunDigest} while k6 writes it. Memory is
 * bounded by {@link FoldLimits} and the read buffer, never by the stream's length. Malformed lines
 * (including a last line cut by SIGKILL) are counted and skipped.
 *
 * <p>{@link #consume} runs on one thread; {@link #progress}, {@link #pointsRead}, {@link #bytesRead}
 * and {@link #malformedLines} may be called from any thread and see the figures as of the last
 * read from the stream. {@link #digest} is for after {@code consume} has returned or thrown.
 */
public final class MetricStreamFolder {

    private static final int BUFFER_BYTES = 1 << 16;
    private static final long WATCHED_EVERY_NANOS = 1_000_000_000L;
    /** Longer lines are skipped as malformed rather than growing the buffer further. */
    private static final int MAX_LINE_BYTES = 16 << 20;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final RunFold fold;
    private final LineScanner scanner;
    private byte[] buffer = new byte[BUFFER_BYTES];
    private long bytes;
    private long malformed;
    private volatile Snapshot published = new Snapshot(0, 0, 0, 0, 0, 0);
    /** Metrics whose folds are published while k6 runs (a segment's abortOnFail thresholds'); none by default. */
    private Set<String> watched = Set.of();
    private long nextWatchedNanos;
    private volatile List<MetricFold> watchedFolds = List.of();

    private record Snapshot(long points, long bytes, long malformed, long requests, long failed, int vus) {
    }

    public MetricStreamFolder(FoldLimits limits) {
        fold = new RunFold(limits);
        scanner = new LineScanner(fold.metrics);
    }

    /**
     * Publishes the folds of these metrics about once a second while consuming ({@link #watched}), built on the
     * consuming thread: a trend's histogram is copied only there. Call before {@link #consume}.
     */
    public void watch(Set<String> metricNames) {
        watched = Set.copyOf(metricNames);
        nextWatchedNanos = System.nanoTime();
    }

    /** The watched metrics' folds as of the last publication (at most about a second old while k6 writes). */
    public List<MetricFold> watched() {
        return watchedFolds;
    }

    public void consume(InputStream in) throws IOException {
        int filled = 0;
        boolean discarding = false;
        try {
            while (true) {
                publish();
                int n = in.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    break;
                }
                bytes += n;
                int end = filled + n;
                int start = 0;
                for (int nl = indexOfNewline(buffer, filled, end); nl >= 0; nl = indexOfNewline(buffer, start, end)) {
                    if (discarding) {
                        discarding = false;
                        malformed++;
                    } else {
                        line(buffer, start, nl);
                    }
                    start = nl + 1;
                }
                filled = end - start;
                System.arraycopy(buffer, start, buffer, 0, filled);
                if (filled == buffer.length) {
                    discarding = !grow();
                    filled = discarding ? 0 : filled;
                }
            }
            if (discarding) {
                malformed++;
            } else if (filled > 0) {
                line(buffer, 0, filled);
            }
        } finally {
            publish();
            publishWatched();
        }
    }

    public RunProgress progress(Instant startedAt, Instant now) {
        Snapshot s = published;
        double elapsed = Math.max(0, Duration.between(startedAt, now).toNanos() / 1e9);
        return new RunProgress(elapsed, s.requests(), s.failed(), s.vus(), now);
    }

    public RunDigest digest(LoadGeneratorHealth loadGenerator) {
        return fold.digest(loadGenerator, null);
    }

    /** The digest with the load generator's CPU joined onto the timeline, bucket by bucket. */
    public RunDigest digest(LoadGeneratorHealth loadGenerator, CpuSeries cpu) {
        return fold.digest(loadGenerator, cpu);
    }

    public long pointsRead() {
        return published.points();
    }

    public long bytesRead() {
        return published.bytes();
    }

    /** Lines skipped because they were not a well-formed Point or Metric object. */
    public long malformedLines() {
        return published.malformed();
    }

    StreamFootprint footprint() {
        return fold.footprint(buffer.length);
    }

    private void line(byte[] b, int from, int to) {
        switch (scanner.scan(b, from, to)) {
            case POINT -> fold.point(scanner.point);
            case METRIC -> {
                if (!MetricDeclaration.read(b, from, to, fold.metrics)) {
                    malformed++;
                }
            }
            case MALFORMED -> malformed++;
            default -> {
            }
        }
    }

    private boolean grow() {
        if (buffer.length >= MAX_LINE_BYTES) {
            return false;
        }
        buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
        return true;
    }

    /** One immutable snapshot per read keeps readers consistent without a lock on the hot path. */
    private void publish() {
        published = new Snapshot(fold.points, bytes, malformed, fold.requests, fold.failedRequests, fold.currentVus);
        if (!watched.isEmpty() && System.nanoTime() - nextWatchedNanos >= 0) {
            publishWatched();
        }
    }

    private void publishWatched() {
        if (!watched.isEmpty()) {
            nextWatchedNanos = System.nanoTime() + WATCHED_EVERY_NANOS;
            watchedFolds = List.copyOf(fold.metrics.folds(watched));
        }
    }

    /** Eight bytes at a time (SWAR): the lowest byte equal to '\n' sets the lowest high bit. */
    static int indexOfNewline(byte[] b, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long x = (long) LONGS.get(b, i) ^ 0x0A0A0A0A0A0A0A0AL;
            long found = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
