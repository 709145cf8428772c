package dev.k6runner.runner.stream;

/**
 * What one Point line says, as far as the fold reads it: filled in place by the scanner for every
 * line (no allocation), valid until the next line. Keeps {@link RunFold} independent of how a line
 * is scanned, so another scanner can be measured against the same fold (see docs/stream-folding.md).
 */
final class ScannedPoint {

    final TagSlice method = new TagSlice();
    final TagSlice name = new TagSlice();
    final TagSlice status = new TagSlice();
    /** Every tag, read only when {@link #accumulator} asks for them ({@link MetricAccumulator#TAGS_ALL}). */
    final PointTags tags = new PointTags();
    /** One of {@link KnownMetric}'s ids. */
    int metric;
    /** The metric's generic fold; null when the stream named more metrics than the fold keeps. */
    MetricAccumulator accumulator;
    long timeNanos;
    double value;

    void clearTags() {
        method.clear();
        name.clear();
        status.clear();
        tags.clear();
    }
}
