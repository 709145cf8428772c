package dev.k6runner.analyzer.merge;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.zip.DataFormatException;

import org.HdrHistogram.Histogram;

/** The runner's compressed base64 HdrHistograms: decoded, added, encoded, and read as k6 reads a trend. */
final class Histograms {

    private Histograms() {
    }

    static Histogram decode(String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (DataFormatException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a compressed HdrHistogram in base64", e);
        }
    }

    static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }

    /** The sum of the non-null histograms, in base64; null when there are none. */
    static String sum(List<String> encoded) {
        Histogram total = null;
        for (String part : encoded.stream().filter(Objects::nonNull).toList()) {
            Histogram h = decode(part);
            if (total == null) {
                total = new Histogram(h.getNumberOfSignificantValueDigits());
            }
            total.add(h);
        }
        return total == null ? null : encode(total);
    }

    /**
     * k6's percentile ({@code TrendSink.P}: linear between the samples at the ranks around
     * {@code p * (n - 1)}), with each sample read as the middle of its histogram bucket and clamped
     * to the histogram's range. In the histogram's units; 0 for an empty histogram, as in k6.
     */
    static double percentile(Histogram h, double p) {
        long n = h.getTotalCount();
        if (n == 0) {
            return 0;
        }
        double rank = p * (n - 1);
        long lower = (long) Math.floor(rank);
        double below = valueAtRank(h, lower);
        double above = rank > lower ? valueAtRank(h, lower + 1) : below;
        return below + (above - below) * (rank - lower);
    }

    private static double valueAtRank(Histogram h, long rank) {
        long seen = 0;
        for (var v : h.recordedValues()) {
            seen += v.getCountAddedInThisIterationStep();
            if (seen > rank) {
                long middle = h.medianEquivalentValue(v.getValueIteratedTo());
                return Math.clamp(middle, h.getMinValue(), h.getMaxValue());
            }
        }
        return h.getMaxValue();
    }
}
