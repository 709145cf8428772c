package dev.k6runner.model;

/**
 * One of the k6 execution segments a test of {@code runners: N} is split into (k6's own
 * {@code --execution-segment} and {@code --execution-segment-sequence}).
 *
 * @param index            0-based, in the sequence's order
 * @param count            N, how many segments the test has
 * @param executionSegment k6's notation, e.g. {@code 0:1/2}
 * @param sequence         k6's notation of the whole sequence, e.g. {@code 0,1/2,1}
 */
public record Segment(int index, int count, String executionSegment, String sequence) {
}
