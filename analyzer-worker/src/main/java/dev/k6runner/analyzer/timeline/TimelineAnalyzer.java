package dev.k6runner.analyzer.timeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.k6runner.analyzer.analysis.Anomaly;
import dev.k6runner.model.RunDigest;
import dev.k6runner.model.Severity;
import dev.k6runner.model.TimelinePoint;

/** Findings over the run's time series and endpoint breakdown: what whole-run averages hide. */
@Component
public final class TimelineAnalyzer {

    /** Buckets whose median p95 must stay above the bound for a degradation to have started at the first. */
    private static final int SUSTAINED = 5;

    private final TimelineProperties limits;
    private final SaturationDetector saturation;
    private final EndpointFindings endpoints;

    public TimelineAnalyzer(TimelineProperties limits) {
        this.limits = limits;
        this.saturation = new SaturationDetector(limits);
        this.endpoints = new EndpointFindings(limits);
    }

    public List<Anomaly> evaluate(RunDigest digest) {
        List<Anomaly> found = new ArrayList<>();
        if (digest == null) {
            return found;
        }
        List<TimelinePoint> points = digest.timeline() == null ? List.of() : digest.timeline().stream()
                .filter(Objects::nonNull).filter(point -> point.requests() > 0)
                .sorted(Comparator.comparingLong(TimelinePoint::epochSecond)).toList();
        if (points.size() >= limits.minPoints()) {
            Optional<Anomaly> saturated = saturation.find(points, Math.max(1, digest.bucketSeconds()));
            // Under rising VUs, latency that grows past the saturation point is that finding, not a second one.
            degradation(points).filter(anomaly -> saturated.isEmpty() || constantLoad(points)).ifPresent(found::add);
            found.addAll(ErrorBursts.find(points, Math.max(1, digest.bucketSeconds()), limits));
            saturated.ifPresent(found::add);
        }
        found.addAll(endpoints.evaluate(digest.endpoints()));
        return found;
    }

    private static boolean constantLoad(List<TimelinePoint> points) {
        return points.getFirst().vus() == points.getLast().vus();
    }

    /** Compares the medians of the first and last thirds, so one slow second neither hides nor makes a trend. */
    private Optional<Anomaly> degradation(List<TimelinePoint> points) {
        List<TimelinePoint> withLatency = points.stream().filter(point -> point.p95Ms() != null).toList();
        if (withLatency.size() < limits.minPoints()) {
            return Optional.empty();
        }
        int third = withLatency.size() / 3;
        double first = Stats.median(withLatency.subList(0, third).stream().map(TimelinePoint::p95Ms).toList());
        double last = Stats.median(withLatency.subList(withLatency.size() - third, withLatency.size()).stream()
                .map(TimelinePoint::p95Ms).toList());
        if (last < first * limits.degradationFactor() || last - first < limits.degradationMinIncreaseMs()) {
            return Optional.empty();
        }
        int firstVus = withLatency.getFirst().vus();
        int lastVus = withLatency.getLast().vus();
        String load = firstVus == lastVus ? "at a constant %d VUs".formatted(firstVus)
                : "while VUs went from %d to %d".formatted(firstVus, lastVus);
        double factor = last / first;
        double bound = first * limits.degradationFactor();
        return Optional.of(new Anomaly("latency_degradation", factor >= 3 ? Severity.HIGH : Severity.MEDIUM,
                "p95 latency rose from %s ms (first third of the run) to %s ms (last third), ×%s, %s; expected stable"
                        .formatted(Stats.fmt(first), Stats.fmt(last), Stats.fmt(factor), load),
                "p95_response_time_ms", last, "< %s ms (×%s of the start)".formatted(
                        Stats.fmt(first * limits.degradationFactor()), Stats.fmt(limits.degradationFactor())),
                firstVus == lastVus
                        ? "Latency grows under constant load: look for resource leaks, growing queues or tables, "
                                + "GC pressure and exhausted pools; run a longer soak to confirm."
                        : "Latency grows with load: find the resource that saturates first (CPU, DB, pool) "
                                + "and see the saturation finding for the VU level.",
                Anomaly.TIMELINE).at(degradationStart(withLatency, bound), null));
    }

    /**
     * Where the p95 first stays above the bound: the first bucket above it whose next {@link #SUSTAINED} buckets
     * have their median above it too, so that one slow second early on is not taken for the start.
     */
    private static long degradationStart(List<TimelinePoint> withLatency, double bound) {
        for (int at = 0; at < withLatency.size(); at++) {
            List<TimelinePoint> next = withLatency.subList(at, Math.min(withLatency.size(), at + SUSTAINED));
            if (withLatency.get(at).p95Ms() >= bound && Stats.median(next.stream().map(TimelinePoint::p95Ms).toList()) >= bound) {
                return withLatency.get(at).epochSecond();
            }
        }
        return withLatency.get(withLatency.size() - withLatency.size() / 3).epochSecond();
    }
}
