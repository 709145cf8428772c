package dev.k6runner.analyzer.merge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.k6runner.model.MetricFold;

/**
 * One metric of several k6 processes as one k6 would have folded it: counts, sums and histograms
 * added (never a percentile averaged), min of mins, max of maxes, a gauge's latest sample by time.
 * {@code vus} and {@code vus_max} are the exception: each process counts only its own VUs, so the
 * test's figures are the sums.
 */
final class MetricMerge {

    private static final Set<String> PARTITIONED_GAUGES = Set.of("vus", "vus_max");

    private MetricMerge() {
    }

    /** Every metric named by any part, in the order first seen. */
    static List<MetricFold> mergeAll(List<List<MetricFold>> perSegment) {
        Map<String, List<MetricFold>> byName = new LinkedHashMap<>();
        for (List<MetricFold> folds : perSegment) {
            for (MetricFold fold : folds) {
                byName.computeIfAbsent(fold.name(), name -> new ArrayList<>()).add(fold);
            }
        }
        return byName.values().stream().map(MetricMerge::merge).toList();
    }

    static MetricFold merge(List<MetricFold> parts) {
        MetricFold first = parts.getFirst();
        Set<String> thresholds = new LinkedHashSet<>();
        long count = 0;
        long nonZero = 0;
        double sum = 0;
        for (MetricFold part : parts) {
            thresholds.addAll(part.thresholds() == null ? List.of() : part.thresholds());
            count += part.count();
            nonZero += part.nonZero();
            sum += part.sum();
        }
        if (PARTITIONED_GAUGES.contains(first.name())) {
            return new MetricFold(first.name(), first.type(), first.contains(), List.copyOf(thresholds), count, sum,
                    total(parts, MetricFold::min), total(parts, MetricFold::max), total(parts, MetricFold::last),
                    latestAt(parts), nonZero, null);
        }
        MetricFold latest = latest(parts);
        return new MetricFold(first.name(), first.type(), first.contains(), List.copyOf(thresholds), count, sum,
                extreme(parts, true), extreme(parts, false), latest == null ? 0 : latest.last(),
                latest == null ? 0 : latest.lastAtNanos(), nonZero,
                Histograms.sum(parts.stream().map(MetricFold::histogram).toList()));
    }

    private static double extreme(List<MetricFold> parts, boolean min) {
        double result = 0;
        boolean any = false;
        for (MetricFold part : parts) {
            double v = min ? part.min() : part.max();
            if (part.count() > 0 && (!any || (min ? v < result : v > result))) {
                result = v;
                any = true;
            }
        }
        return result;
    }

    private static double total(List<MetricFold> parts, java.util.function.ToDoubleFunction<MetricFold> field) {
        return parts.stream().filter(p -> p.count() > 0).mapToDouble(field).sum();
    }

    private static MetricFold latest(List<MetricFold> parts) {
        MetricFold latest = null;
        for (MetricFold part : parts) {
            if (part.count() > 0 && (latest == null || part.lastAtNanos() >= latest.lastAtNanos())) {
                latest = part;
            }
        }
        return latest;
    }

    private static long latestAt(List<MetricFold> parts) {
        return parts.stream().mapToLong(MetricFold::lastAtNanos).max().orElse(0);
    }
}
