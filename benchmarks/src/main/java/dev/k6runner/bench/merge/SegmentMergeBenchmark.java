package dev.k6runner.bench.merge;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.k6runner.analyzer.merge.SegmentMerge;
import dev.k6runner.model.RunDigest;
import dev.k6runner.model.RunFinished;
import dev.k6runner.model.RunStatus;
import dev.k6runner.runner.stream.FoldLimits;
import dev.k6runner.runner.stream.MetricStreamFolder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 18's merge figures: {@link SegmentMerge#merge} time for 2 and 8 segments of a 1-hour test
 * (each segment's stream generated and folded by the runner's own fold, as a runner would publish it),
 * beside a baseline (decoding and adding only the segments' http_req_duration histograms, the least
 * any merge must do), and the merged p(95)/p(99) against the exact percentiles of the union of every
 * segment's samples (k6's own interpolation over the sorted samples).
 *
 * <p>Usage: {@code java -cp ... dev.k6runner.bench.merge.SegmentMergeBenchmark [seconds] [requestsPerSecondPerSegment] [repeats]}
 * (defaults 3600, 5, 20).
 */
public final class SegmentMergeBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SegmentMergeBenchmark() {
    }

    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3600;
        int rps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        List<Segment> all = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            all.add(Segment.of(s, seconds, rps));
        }
        System.out.printf(Locale.ROOT, "%d s test, %d req/s per segment, digest of one segment: %d timeline buckets of %d s, %d endpoints, %d metrics, %.0f KB as JSON%n",
                seconds, rps, all.getFirst().result.digest().timeline().size(), all.getFirst().result.digest().bucketSeconds(),
                all.getFirst().result.digest().endpoints().size(), all.getFirst().result.digest().metrics().metrics().size(),
                JSON.writeValueAsString(all.getFirst().result.digest()).length() / 1024.0);
        for (int n : new int[] {2, 8}) {
            report(all.subList(0, n), repeats);
        }
    }

    private static void report(List<Segment> segments, int repeats) {
        List<RunFinished> results = segments.stream().map(s -> s.result).toList();
        double[] merge = time(repeats, () -> SegmentMerge.merge(results));
        double[] baseline = time(repeats, () -> histogramsOnly(results));
        RunFinished merged = SegmentMerge.merge(results);
        JsonNode duration = JSON.readTree(merged.rawSummary()).at("/metrics/http_req_duration");
        double[] union = union(segments);
        System.out.printf(Locale.ROOT, "%d segments: merge median %.1f ms (max %.1f); baseline (http_req_duration histograms only) median %.1f ms; exit %d%n",
                segments.size(), median(merge), max(merge), median(baseline), merged.k6ExitCode());
        for (String p : new String[] {"p(95)", "p(99)"}) {
            double exact = exact(union, Double.parseDouble(p.substring(2, p.length() - 1)) / 100);
            double ours = p.equals("p(95)") ? duration.get(p).asDouble() : percentile99(merged);
            System.out.printf(Locale.ROOT, "  %s over %d samples: merged %.4f ms, exact union %.4f ms, error %+.4f %%%n",
                    p, union.length, ours, exact, 100 * (ours - exact) / exact);
        }
    }

    /** p(99) is not in k6's default summary: read through a threshold-free second merge with the stat asked for. */
    private static double percentile99(RunFinished merged) {
        String raw = merged.rawSummary().replace("\"p(95)\" :", "\"p(99)\" : 0, \"p(95)\" :");
        RunFinished asked = new RunFinished(merged.runId(), merged.attemptId(), merged.runnerId(), merged.outcome(), null,
                merged.k6ExitCode(), raw, null, merged.digest(), merged.startedAt(), merged.finishedAt());
        return JSON.readTree(SegmentMerge.merge(List.of(asked)).rawSummary()).at("/metrics/http_req_duration/p(99)").asDouble();
    }

    private static Object histogramsOnly(List<RunFinished> results) {
        org.HdrHistogram.Histogram total = new org.HdrHistogram.Histogram(3);
        for (RunFinished r : results) {
            try {
                total.add(org.HdrHistogram.Histogram.decodeFromCompressedByteBuffer(
                        java.nio.ByteBuffer.wrap(java.util.Base64.getDecoder().decode(r.digest().latencyHistogram())), 0));
            } catch (java.util.zip.DataFormatException e) {
                throw new IllegalStateException(e);
            }
        }
        return total.getValueAtPercentile(95);
    }

    private static double[] time(int repeats, java.util.function.Supplier<Object> work) {
        for (int i = 0; i < 5; i++) {
            work.get();
        }
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            work.get();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    private static double median(double[] sorted) {
        return sorted[sorted.length / 2];
    }

    private static double max(double[] sorted) {
        return sorted[sorted.length - 1];
    }

    private static double[] union(List<Segment> segments) {
        double[] all = segments.stream().flatMapToDouble(s -> Arrays.stream(s.durations)).toArray();
        Arrays.sort(all);
        return all;
    }

    private static double exact(double[] sorted, double p) {
        double rank = p * (sorted.length - 1);
        double below = sorted[(int) Math.floor(rank)];
        double above = sorted[(int) Math.ceil(rank)];
        return below + (above - below) * (rank - Math.floor(rank));
    }

    private record Segment(RunFinished result, double[] durations) {

        static Segment of(int index, int seconds, int rps) {
            SegmentStream stream = SegmentStream.generate(index, seconds, rps);
            MetricStreamFolder folder = new MetricStreamFolder(FoldLimits.defaults());
            try {
                folder.consume(new ByteArrayInputStream(stream.ndjson));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            RunDigest digest = folder.digest(null);
            long iterations = stream.durations.length;
            String summary = "{\"root_group\":{},\"metrics\":{\"iterations\":{\"count\":" + iterations + ",\"rate\":"
                    + (double) iterations / seconds + "},\"http_req_duration\":{\"thresholds\":{\"p(95)<500\":false}}}}";
            Instant start = Instant.parse("2026-12-02T08:00:00Z");
            return new Segment(new RunFinished(UUID.nameUUIDFromBytes(new byte[] {18}), UUID.randomUUID(), "runner-" + index,
                    RunStatus.COMPLETED, null, 0, summary, "", digest, start, start.plusSeconds(seconds)), stream.durations);
        }
    }
}
