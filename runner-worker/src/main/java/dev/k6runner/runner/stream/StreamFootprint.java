package dev.k6runner.runner.stream;

/**
 * What a fold retains, estimated: its buckets, endpoints and histograms in bytes (HdrHistogram's
 * own footprint estimates plus packed sizes), and its read buffer.
 */
record StreamFootprint(int timelineBuckets, int endpoints, long retainedBytes, int bufferBytes) {
}
