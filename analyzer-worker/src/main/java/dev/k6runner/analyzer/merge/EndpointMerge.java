package dev.k6runner.analyzer.merge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.k6runner.model.EndpointStats;
import dev.k6runner.model.RunDigest;
import org.HdrHistogram.Histogram;

/**
 * Endpoints of several segments by method, name and status: requests and failures added, avg weighted
 * by requests, max of maxes, p95 from the merged per-endpoint histograms (the largest segment p95, an
 * upper bound, where a segment carried none). Busiest first, "(other)" last, as the runner orders them.
 */
final class EndpointMerge {

    private static final String OTHER = "(other)";

    record Merged(List<EndpointStats> endpoints, List<String> histograms) {
    }

    private EndpointMerge() {
    }

    static Merged merge(List<RunDigest> digests) {
        Map<List<String>, Accumulator> byKey = new LinkedHashMap<>();
        for (RunDigest digest : digests) {
            List<String> histograms = digest.metrics() == null ? List.of() : digest.metrics().endpointHistograms();
            for (int i = 0; i < digest.endpoints().size(); i++) {
                EndpointStats e = digest.endpoints().get(i);
                String histogram = i < histograms.size() ? histograms.get(i) : null;
                byKey.computeIfAbsent(List.of(e.method(), e.name(), e.status()), k -> new Accumulator(e))
                        .add(e, histogram);
            }
        }
        List<Accumulator> ordered = new ArrayList<>(byKey.values());
        ordered.sort(Comparator.comparing((Accumulator a) -> a.first.name().equals(OTHER))
                .thenComparing(Comparator.comparingLong((Accumulator a) -> a.requests).reversed())
                .thenComparing(a -> a.first.name()).thenComparing(a -> a.first.method()).thenComparing(a -> a.first.status()));
        return new Merged(ordered.stream().map(Accumulator::stats).toList(),
                ordered.stream().map(a -> a.histogram == null ? null : Histograms.encode(a.histogram)).toList());
    }

    private static final class Accumulator {
        final EndpointStats first;
        long requests;
        long failed;
        double durationSum;
        double max;
        double largestP95;
        boolean everyPartHasHistogram = true;
        Histogram histogram;

        Accumulator(EndpointStats first) {
            this.first = first;
        }

        void add(EndpointStats e, String encoded) {
            requests += e.requests();
            failed += e.failedRequests();
            durationSum += e.avgMs() * e.requests();
            max = Math.max(max, e.maxMs());
            largestP95 = Math.max(largestP95, e.p95Ms());
            if (encoded == null) {
                everyPartHasHistogram &= e.requests() == 0;
                return;
            }
            Histogram h = Histograms.decode(encoded);
            if (histogram == null) {
                histogram = new Histogram(h.getNumberOfSignificantValueDigits());
            }
            histogram.add(h);
        }

        EndpointStats stats() {
            boolean exact = everyPartHasHistogram && histogram != null && histogram.getTotalCount() > 0;
            double p95 = exact ? histogram.getValueAtPercentile(95) / 1000.0 : largestP95;
            return new EndpointStats(first.method(), first.name(), first.status(), requests, failed,
                    requests == 0 ? 0 : durationSum / requests, p95, max);
        }
    }
}
