package dev.k6runner.runner.stream;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import dev.k6runner.model.LoadGeneratorHealth;
import dev.k6runner.model.RunDigest;

/**
 * {@link MetricStreamFolder}'s reading loop (64 KiB window, lines found with the same newline
 * search, a longer line grows the window up to 16 MiB) with {@link JacksonLineScanner} in place of
 * {@link LineScanner}, folding into the same {@link RunFold}: the two differ only in how a line is
 * scanned. Benchmark-only; progress publishing (one volatile write per read) is left out.
 */
public final class JacksonStreamFolder {

    private static final int BUFFER_BYTES = 1 << 16;
    private static final int MAX_LINE_BYTES = 16 << 20;

    private final RunFold fold;
    private final JacksonLineScanner scanner;
    private byte[] buffer = new byte[BUFFER_BYTES];
    private long bytes;
    private long malformed;

    /** Jackson for the JSON, {@code java.time} for the timestamps: nothing hand-written in the scan. */
    public JacksonStreamFolder(FoldLimits limits) {
        this(limits, false);
    }

    /** @param handWrittenTime timestamps through the hand-written {@code Rfc3339} instead of {@code java.time} */
    public JacksonStreamFolder(FoldLimits limits, boolean handWrittenTime) {
        fold = new RunFold(limits);
        scanner = new JacksonLineScanner(handWrittenTime);
    }

    public void consume(InputStream in) throws IOException {
        int filled = 0;
        boolean discarding = false;
        for (int n = in.read(buffer, 0, buffer.length); n >= 0; n = in.read(buffer, filled, buffer.length - filled)) {
            bytes += n;
            int end = filled + n;
            int start = 0;
            for (int nl = MetricStreamFolder.indexOfNewline(buffer, start, end); nl >= 0;
                 nl = MetricStreamFolder.indexOfNewline(buffer, start, end)) {
                if (discarding) {
                    discarding = false;
                    malformed++;
                } else {
                    line(start, nl);
                }
                start = nl + 1;
            }
            filled = end - start;
            System.arraycopy(buffer, start, buffer, 0, filled);
            if (filled == buffer.length) {
                discarding = buffer.length >= MAX_LINE_BYTES;
                buffer = discarding ? buffer : Arrays.copyOf(buffer, buffer.length * 2);
                filled = discarding ? 0 : filled;
            }
        }
        if (discarding) {
            malformed++;
        } else if (filled > 0) {
            line(0, filled);
        }
    }

    public RunDigest digest(LoadGeneratorHealth loadGenerator) {
        return fold.digest(loadGenerator, null);
    }

    /**
     * What both scanners fold alike: the digest without its {@code metrics}, which only the
     * hand-written scanner feeds (every metric, sub-metric, check and group; see docs/stream-folding.md).
     */
    public static RunDigest comparable(RunDigest digest) {
        return new RunDigest(digest.bucketSeconds(), digest.timeline(), digest.endpoints(), digest.latencyHistogram(),
                digest.loadGenerator(), digest.pointsRead(), null);
    }

    public long pointsRead() {
        return fold.points;
    }

    public long bytesRead() {
        return bytes;
    }

    public long malformedLines() {
        return malformed;
    }

    private void line(int from, int to) {
        switch (scanner.scan(buffer, from, to)) {
            case POINT -> fold.point(scanner.point);
            case MALFORMED -> malformed++;
            default -> {
            }
        }
    }
}
