package dev.k6runner.runner.stream;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Base64;

import org.HdrHistogram.Histogram;

/**
 * The histograms of the fold, all in microseconds. The whole run keeps 3 significant digits
 * (0.1 %: it is the mergeable artifact the analyzer reads); timeline buckets and endpoints keep 2
 * (1 %: a chart or a per-endpoint p95 needs no more, and a 2-digit histogram is about 8 times
 * smaller). Closed timeline buckets are kept packed (HdrHistogram's compressed encoding, typically
 * a few hundred bytes) and unpacked only to merge or to read percentiles.
 */
final class Latencies {

    static final int RUN_DIGITS = 3;
    static final int PART_DIGITS = 2;
    /** Longer than any k6 request can last; guards the histograms against absurd values. */
    private static final long MAX_MICROS = 86_400_000_000L;
    private static final int POOL_LIMIT = 16;

    private final ArrayDeque<Histogram> pool = new ArrayDeque<>();
    private ByteBuffer scratch = ByteBuffer.allocate(4096);

    static long micros(double milliseconds) {
        if (!(milliseconds > 0)) {
            return 0;
        }
        return Math.min(Math.round(milliseconds * 1000.0), MAX_MICROS);
    }

    static double millis(long micros) {
        return micros / 1000.0;
    }

    static Histogram newRunHistogram() {
        return new Histogram(RUN_DIGITS);
    }

    static Histogram newPartHistogram() {
        return new Histogram(PART_DIGITS);
    }

    static String base64(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }

    static Histogram fromBase64(String encoded) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(encoded)), 0);
        } catch (java.util.zip.DataFormatException e) {
            throw new IllegalArgumentException("not a compressed HdrHistogram", e);
        }
    }

    Histogram take() {
        Histogram h = pool.poll();
        return h != null ? h : newPartHistogram();
    }

    void release(Histogram h) {
        if (pool.size() < POOL_LIMIT) {
            h.reset();
            pool.push(h);
        }
    }

    long pooledBytes() {
        return pool.stream().mapToLong(Histogram::getEstimatedFootprintInBytes).sum();
    }

    byte[] pack(Histogram h) {
        int needed = h.getNeededByteBufferCapacity();
        if (scratch.capacity() < needed) {
            scratch = ByteBuffer.allocate(needed);
        }
        scratch.clear();
        int length = h.encodeIntoCompressedByteBuffer(scratch);
        return java.util.Arrays.copyOf(scratch.array(), length);
    }

    /** A fresh, auto-resizing histogram holding what {@code packed} held (empty for null). */
    Histogram unpack(byte[] packed) {
        Histogram h = take();
        if (packed != null) {
            try {
                h.add(Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(packed), 0));
            } catch (java.util.zip.DataFormatException e) {
                throw new IllegalStateException("a packed bucket histogram is corrupt", e);
            }
        }
        return h;
    }
}
