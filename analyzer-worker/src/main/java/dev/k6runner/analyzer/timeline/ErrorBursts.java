package dev.k6runner.analyzer.timeline;

import static dev.k6runner.analyzer.timeline.Stats.fmt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.k6runner.analyzer.analysis.Anomaly;
import dev.k6runner.model.Severity;
import dev.k6runner.model.TimelinePoint;

/**
 * Stretches of consecutive buckets whose error rate stands out from the run's typical bucket: at
 * least the configured rate and 3× the median bucket's. The median keeps a burst from raising its
 * own bar; a "burst" covering most of the run is a steady error rate, left to the rules.
 */
final class ErrorBursts {

    private static final int MAX_REPORTED = 3;

    private ErrorBursts() {
    }

    static List<Anomaly> find(List<TimelinePoint> points, int bucketSeconds, TimelineProperties limits) {
        double typical = Stats.median(points.stream().map(ErrorBursts::rate).toList());
        double bar = Math.max(limits.burstErrorRatePercent() / 100.0, 3 * typical);
        List<List<TimelinePoint>> bursts = new ArrayList<>();
        List<TimelinePoint> current = new ArrayList<>();
        for (TimelinePoint point : points) {
            if (rate(point) >= bar) {
                current.add(point);
            } else if (!current.isEmpty()) {
                bursts.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            bursts.add(current);
        }
        long start = points.getFirst().epochSecond();
        return bursts.stream()
                .filter(burst -> failed(burst) >= limits.burstMinFailed())
                .filter(burst -> 100.0 * burst.size() / points.size() <= limits.burstMaxCoveragePercent())
                .sorted(Comparator.comparingLong(ErrorBursts::failed).reversed())
                .limit(MAX_REPORTED)
                .map(burst -> anomaly(burst, start, bucketSeconds, typical, bar))
                .toList();
    }

    private static Anomaly anomaly(List<TimelinePoint> burst, long start, int bucketSeconds, double typical, double bar) {
        long requests = burst.stream().mapToLong(TimelinePoint::requests).sum();
        double percent = 100.0 * failed(burst) / requests;
        long from = burst.getFirst().epochSecond() - start;
        long to = burst.getLast().epochSecond() - start + bucketSeconds;
        return new Anomaly("error_burst", percent >= 50 ? Severity.HIGH : Severity.MEDIUM,
                "Error burst from +%ds to +%ds of the run: %d of %d requests failed (%s%%); typical second %s%%, expected < %s%%"
                        .formatted(from, to, failed(burst), requests, fmt(percent), fmt(100 * typical), fmt(100 * bar)),
                "error_rate", percent, "< " + fmt(100 * bar),
                "Errors came in a burst, not steadily: correlate that window with deployments, restarts, "
                        + "autoscaling, GC pauses or a dependency's outage in the server's logs.",
                Anomaly.TIMELINE).at(start + from, start + to);
    }

    private static double rate(TimelinePoint point) {
        return point.requests() == 0 ? 0 : (double) point.failedRequests() / point.requests();
    }

    private static long failed(List<TimelinePoint> burst) {
        return burst.stream().mapToLong(TimelinePoint::failedRequests).sum();
    }
}
