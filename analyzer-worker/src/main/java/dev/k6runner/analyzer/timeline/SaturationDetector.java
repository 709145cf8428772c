package dev.k6runner.analyzer.timeline;

import static dev.k6runner.analyzer.timeline.Stats.fmt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import dev.k6runner.analyzer.analysis.Anomaly;
import dev.k6runner.model.Severity;
import dev.k6runner.model.TimelinePoint;

/**
 * The VU level past which throughput stops growing while VUs and latency keep rising: the
 * system's saturation point. Buckets are grouped by VU level (median throughput and p95 per
 * level); the knee is the first level that no higher level out-throughputs by more than the
 * tolerance, while a higher level has clearly more VUs and clearly higher p95.
 */
final class SaturationDetector {

    private static final int MIN_LEVELS = 3;

    private final TimelineProperties limits;

    SaturationDetector(TimelineProperties limits) {
        this.limits = limits;
    }

    Optional<Anomaly> find(List<TimelinePoint> points, int bucketSeconds) {
        List<Level> levels = levels(points, bucketSeconds);
        if (levels.size() < MIN_LEVELS) {
            return Optional.empty();
        }
        for (int k = 0; k < levels.size() - 1; k++) {
            Level knee = levels.get(k);
            List<Level> above = levels.subList(k + 1, levels.size());
            double bestAbove = above.stream().mapToDouble(Level::rps).max().orElse(0);
            if (bestAbove > knee.rps() * (1 + limits.saturationGrowthTolerance())) {
                continue;
            }
            Optional<Level> strained = above.stream()
                    .filter(level -> level.vus() >= knee.vus() * limits.saturationVuIncrease())
                    .filter(level -> level.p95() >= knee.p95() * limits.saturationLatencyIncrease())
                    .reduce((first, second) -> second);
            if (strained.isPresent()) {
                return Optional.of(anomaly(knee, strained.get()).at(reached(points, knee.vus()), null));
            }
        }
        return Optional.empty();
    }

    private static Anomaly anomaly(Level knee, Level strained) {
        return new Anomaly("saturation_point", Severity.MEDIUM,
                "Throughput stopped growing at about %d VUs (%s req/s): at %d VUs it was %s req/s while p95 rose from %s ms to %s ms; expected throughput to grow with VUs"
                        .formatted(knee.vus(), fmt(knee.rps()), strained.vus(), fmt(strained.rps()),
                                fmt(knee.p95()), fmt(strained.p95())),
                "vus", (double) knee.vus(), "throughput growing with VUs",
                "The system's capacity is about %s req/s, reached at %d VUs; more VUs only queue. Find the bottleneck resource at that load (CPU, DB connections, thread pool) before scaling further."
                        .formatted(fmt(knee.rps()), knee.vus()),
                Anomaly.TIMELINE);
    }

    /** The first second at which the VUs reached the saturation level. */
    private static long reached(List<TimelinePoint> points, int vus) {
        return points.stream().filter(point -> point.vus() >= vus).findFirst().orElse(points.getFirst()).epochSecond();
    }

    private static List<Level> levels(List<TimelinePoint> points, int bucketSeconds) {
        Map<Integer, List<TimelinePoint>> byVus = new TreeMap<>();
        for (TimelinePoint point : points) {
            if (point.vus() > 0 && point.p95Ms() != null) {
                byVus.computeIfAbsent(point.vus(), vus -> new ArrayList<>()).add(point);
            }
        }
        return byVus.entrySet().stream().map(entry -> new Level(entry.getKey(),
                Stats.median(entry.getValue().stream().map(point -> (double) point.requests() / bucketSeconds).toList()),
                Stats.median(entry.getValue().stream().map(TimelinePoint::p95Ms).filter(Objects::nonNull).toList())))
                .toList();
    }

    private record Level(int vus, double rps, double p95) {
    }
}
