package dev.k6runner.platform.segment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * k6's segment arithmetic, ported from {@code lib/execution_segment.go} (ExecutionSegmentSequenceWrapper): the striping
 * that gives each segment of a sequence its share of every integer (VUs, iterations) and of the global iteration
 * index (arrival-rate executors), so that the shares of all segments always add up to the whole. The lengths are
 * fractions {@code numerators[i]/lcd} that sum to 1. Used by tests to prove that a split does what one process does.
 */
public final class StripedSequence {

    private final long lcd;
    private final long[] numerators;
    /** Per segment: its first global index, then the gaps to each next one (one period of lcd indexes, looping). */
    private final long[][] offsets;

    /** @param numerators each segment's length times {@code lcd}; they must add up to {@code lcd} */
    public StripedSequence(long lcd, long... numerators) {
        if (Arrays.stream(numerators).sum() != lcd) {
            throw new IllegalArgumentException("segments of " + Arrays.toString(numerators) + "/" + lcd + " do not fill 0..1");
        }
        this.lcd = lcd;
        this.numerators = numerators.clone();
        this.offsets = stripe(lcd, numerators);
    }

    /** The sequence {@code 0,1/N,…,1} of a test split into N equal segments. */
    public static StripedSequence equal(int count) {
        long[] numerators = new long[count];
        Arrays.fill(numerators, 1);
        return new StripedSequence(count, numerators);
    }

    public int size() {
        return numerators.length;
    }

    /** k6's ExecutionTuple.ScaleInt64: this segment's share of {@code value}; the shares of all segments sum to it. */
    public long scale(int segment, long value) {
        if (numerators.length == 1) {
            return value;
        }
        long[] own = offsets[segment];
        long result = (value / lcd) * (own.length - 1);
        for (long gi = 0, i = own[0]; i < value % lcd; gi++, i += own[(int) gi]) {
            result++;
        }
        return result;
    }

    /**
     * k6's GetNewExecutionSegmentSequenceFromValue: the sequence re-cut by how {@code value} (e.g. maxVUs) scales, so
     * that a segment given no VU is given no work. Returns the new sequence and where {@code segment} went, or null
     * when it got nothing.
     */
    public Retuple reshapedBy(long value, int segment) {
        if (value % lcd == 0) {
            return new Retuple(this, segment);
        }
        List<Long> lengths = new ArrayList<>();
        int newIndex = -1;
        for (int i = 0; i < numerators.length; i++) {
            long share = scale(i, value);
            if (share == 0) {
                continue;
            }
            if (i == segment) {
                newIndex = lengths.size();
            }
            lengths.add(share);
        }
        return newIndex < 0 ? null
                : new Retuple(new StripedSequence(value, lengths.stream().mapToLong(Long::longValue).toArray()), newIndex);
    }

    /** A segment's position in a (re-cut) sequence. */
    public record Retuple(StripedSequence sequence, int index) {

        public long scale(long value) {
            return sequence.scale(index, value);
        }

        /** Whether this segment runs the global iteration {@code globalIndex}: k6's striped offsets. */
        public boolean owns(long globalIndex) {
            return sequence.owner(globalIndex) == index;
        }
    }

    /** Which segment owns a global index (an iteration number of the whole test). */
    int owner(long globalIndex) {
        long inPeriod = globalIndex % lcd;
        for (int s = 0; s < offsets.length; s++) {
            long at = offsets[s][0];
            for (int g = 1; at <= inPeriod; g++) {
                if (at == inPeriod) {
                    return s;
                }
                at += offsets[s][g];
            }
        }
        throw new IllegalStateException("index " + globalIndex + " belongs to no segment");
    }

    /** The striping loop of NewExecutionSegmentSequenceWrapper, without big rationals, as k6 writes it. */
    private static long[][] stripe(long lcd, long[] numerators) {
        int n = numerators.length;
        Integer[] sorted = new Integer[n];
        Arrays.setAll(sorted, i -> i);
        Arrays.sort(sorted, Comparator.comparingLong((Integer i) -> numerators[i]).reversed()); // stable, as SliceStable
        List<List<Long>> chosen = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            chosen.add(new ArrayList<>());
        }
        long[] prev = new long[n];
        long[] counts = new long[n];
        for (long i = 0; i < lcd; i++) {
            for (int s = 0; s < n; s++) {
                long num = counts[s] * lcd;
                long denom = numerators[sorted[s]];
                if (i > num / denom || (i == num / denom && num % denom == 0)) {
                    counts[s]++;
                    save(chosen.get(sorted[s]), prev, sorted[s], i, denom, lcd);
                    break;
                }
            }
        }
        return chosen.stream().map(list -> list.stream().mapToLong(Long::longValue).toArray()).toArray(long[][]::new);
    }

    private static void save(List<Long> own, long[] prev, int index, long iteration, long numerator, long lcd) {
        own.add(iteration - prev[index]);
        prev[index] = iteration;
        if (own.size() == numerator) {
            own.add(own.getFirst() + lcd - iteration);
        }
    }
}
