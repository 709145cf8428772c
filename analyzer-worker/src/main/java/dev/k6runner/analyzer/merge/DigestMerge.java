package dev.k6runner.analyzer.merge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import dev.k6runner.model.CheckFold;
import dev.k6runner.model.LoadGeneratorHealth;
import dev.k6runner.model.MetricFold;
import dev.k6runner.model.RunDigest;
import dev.k6runner.model.StreamMetrics;

/** The segments' digests as one: see {@link TimelineMerge}, {@link EndpointMerge} and {@link MetricMerge}. */
final class DigestMerge {

    private DigestMerge() {
    }

    /** Null when no segment has a digest. */
    static RunDigest merge(List<RunDigest> all, List<MetricFold> mergedMetrics) {
        List<RunDigest> digests = all.stream().filter(Objects::nonNull).toList();
        if (digests.isEmpty()) {
            return null;
        }
        int width = TimelineMerge.bucketSeconds(digests);
        EndpointMerge.Merged endpoints = EndpointMerge.merge(digests);
        List<StreamMetrics> parts = digests.stream().map(RunDigest::metrics).filter(Objects::nonNull).toList();
        TimelineMerge.Merged timeline = TimelineMerge.merge(digests, width);
        StreamMetrics metrics = new StreamMetrics(mergedMetrics, checks(parts), groups(parts), endpoints.histograms(),
                timeline.histograms(), parts.stream().anyMatch(StreamMetrics::truncated) || parts.size() < digests.size());
        return new RunDigest(width, timeline.points(), endpoints.endpoints(),
                Histograms.sum(digests.stream().map(RunDigest::latencyHistogram).toList()),
                loadGenerator(digests), digests.stream().mapToLong(RunDigest::pointsRead).sum(), metrics);
    }

    static List<CheckFold> checks(List<StreamMetrics> parts) {
        Map<List<String>, long[]> byKey = new LinkedHashMap<>();
        for (StreamMetrics part : parts) {
            for (CheckFold check : part.checks()) {
                long[] counts = byKey.computeIfAbsent(List.of(check.group(), check.name()), k -> new long[2]);
                counts[0] += check.passes();
                counts[1] += check.fails();
            }
        }
        List<CheckFold> checks = new ArrayList<>(byKey.size());
        byKey.forEach((key, counts) -> checks.add(new CheckFold(key.get(0), key.get(1), counts[0], counts[1])));
        return checks;
    }

    static List<String> groups(List<StreamMetrics> parts) {
        TreeSet<String> groups = new TreeSet<>();
        parts.forEach(part -> groups.addAll(part.groups()));
        return List.copyOf(groups);
    }

    /** The busiest generator speaks for the run: a saturated segment makes the merged numbers suspect too. */
    private static LoadGeneratorHealth loadGenerator(List<RunDigest> digests) {
        List<LoadGeneratorHealth> parts = digests.stream().map(RunDigest::loadGenerator).filter(Objects::nonNull).toList();
        if (parts.isEmpty()) {
            return null;
        }
        int samples = parts.stream().mapToInt(LoadGeneratorHealth::samples).sum();
        double weighted = parts.stream().mapToDouble(h -> h.cpuAvgPercent() * h.samples()).sum();
        return new LoadGeneratorHealth(samples, samples == 0 ? 0 : weighted / samples,
                parts.stream().mapToDouble(LoadGeneratorHealth::cpuPeakPercent).max().orElse(0),
                parts.stream().mapToLong(LoadGeneratorHealth::rssPeakBytes).max().orElse(0),
                parts.stream().anyMatch(LoadGeneratorHealth::saturated));
    }
}
