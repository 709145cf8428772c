package dev.k6runner.runner.stream;

/**
 * Caps of a {@link MetricStreamFolder}: what the fold of a run may hold, whatever the stream's length.
 *
 * @param maxTimelineBuckets past this many buckets the timeline doubles its bucket width (at least 2)
 * @param maxEndpoints       distinct method/name/status keys kept; the rest fold into "(other)"
 */
public record FoldLimits(int maxTimelineBuckets, int maxEndpoints) {

    public FoldLimits {
        if (maxTimelineBuckets < 2) {
            throw new IllegalArgumentException("maxTimelineBuckets must be at least 2, was " + maxTimelineBuckets);
        }
        if (maxEndpoints < 0) {
            throw new IllegalArgumentException("maxEndpoints must not be negative, was " + maxEndpoints);
        }
    }

    /** 900 buckets (15 minutes at one second, a 1-hour run at 4 s), 200 endpoints. */
    public static FoldLimits defaults() {
        return new FoldLimits(900, 200);
    }
}
