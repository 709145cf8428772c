package dev.k6runner.platform.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import dev.k6runner.model.Segment;

/**
 * How a test of {@code runners: N} is split: into k6's own execution segments {@code i/N:(i+1)/N} under the sequence
 * {@code 0,1/N,…,1}, exactly as the recording execution-segments did for N = 2 ({@code --execution-segment 0:1/2
 * --execution-segment-sequence 0,1/2,1}). With the sequence given, every k6 process computes the same striping, so
 * the segments together do what one process would (see {@link StripedSequence}).
 */
public final class ExecutionSegments {

    private ExecutionSegments() {
    }

    /** The N segments of a test, in order; N = 1 is the one whole "segment" of a single run. */
    public static List<Segment> split(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a test has at least one segment, got " + count);
        }
        String sequence = String.join(",", IntStream.rangeClosed(0, count).mapToObj(i -> fraction(i, count)).toList());
        List<Segment> segments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            segments.add(new Segment(i, count, fraction(i, count) + ":" + fraction(i + 1, count), sequence));
        }
        return List.copyOf(segments);
    }

    /** k6's command-line flags for this segment. */
    public static List<String> flags(Segment segment) {
        return List.of("--execution-segment", segment.executionSegment(), "--execution-segment-sequence", segment.sequence());
    }

    /** {@code n/d} reduced, as k6 prints it: 0, 1 and 1/2 rather than 0/2, 2/2 and 2/4. */
    static String fraction(int numerator, int denominator) {
        int gcd = gcd(numerator, denominator);
        int n = numerator / gcd;
        int d = denominator / gcd;
        return d == 1 ? Integer.toString(n) : n + "/" + d;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? Math.max(a, 1) : gcd(b, a % b);
    }
}
