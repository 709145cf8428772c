package dev.k6runner.analyzer.timeline;

import static dev.k6runner.analyzer.timeline.Stats.fmt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import dev.k6runner.analyzer.analysis.Anomaly;
import dev.k6runner.model.EndpointStats;
import dev.k6runner.model.Severity;

/**
 * The endpoints responsible for most errors or slowness. The runner keys endpoints by method,
 * name and status; they are merged per method and name (average weighted by requests, p95 as the
 * highest of the merged entries, an upper bound).
 */
final class EndpointFindings {

    private static final int MAX_REPORTED = 3;

    private final TimelineProperties limits;

    EndpointFindings(TimelineProperties limits) {
        this.limits = limits;
    }

    List<Anomaly> evaluate(List<EndpointStats> stats) {
        List<Anomaly> found = new ArrayList<>();
        List<Endpoint> endpoints = merge(stats == null ? List.of() : stats);
        if (endpoints.size() < 2) {
            return found;
        }
        errorHotspot(endpoints).ifPresent(found::add);
        found.addAll(slowEndpoints(endpoints));
        return found;
    }

    private java.util.Optional<Anomaly> errorHotspot(List<Endpoint> endpoints) {
        long totalFailed = endpoints.stream().mapToLong(Endpoint::failed).sum();
        if (totalFailed < limits.hotspotMinFailed()) {
            return java.util.Optional.empty();
        }
        List<Endpoint> culprits = new ArrayList<>();
        long covered = 0;
        for (Endpoint endpoint : endpoints.stream().sorted(Comparator.comparingLong(Endpoint::failed).reversed()).toList()) {
            if (100.0 * covered / totalFailed >= limits.hotspotSharePercent() || culprits.size() == MAX_REPORTED) {
                break;
            }
            culprits.add(endpoint);
            covered += endpoint.failed();
        }
        if (culprits.size() == endpoints.size() || 100.0 * covered / totalFailed < limits.hotspotSharePercent()) {
            return java.util.Optional.empty();
        }
        Endpoint top = culprits.getFirst();
        if (100.0 * top.failed() / top.requests() < limits.hotspotMinErrorPercent()) {
            return java.util.Optional.empty();
        }
        double share = 100.0 * covered / totalFailed;
        String list = culprits.stream().map(endpoint -> "%s (%d of %d failed, statuses %s)".formatted(endpoint.key(),
                endpoint.failed(), endpoint.requests(), endpoint.failedStatuses())).collect(Collectors.joining("; "));
        return java.util.Optional.of(new Anomaly("error_hotspot",
                100.0 * top.failed() / top.requests() >= 50 ? Severity.HIGH : Severity.MEDIUM,
                "%s%% of the %d failed requests came from %d of %d endpoints: %s; expected errors spread thin or none"
                        .formatted(fmt(share), totalFailed, culprits.size(), endpoints.size(), list),
                "failed_requests", (double) covered, "0",
                "Start with " + top.key() + ": its failures dominate the run's error rate.",
                Anomaly.TIMELINE));
    }

    private List<Anomaly> slowEndpoints(List<Endpoint> endpoints) {
        List<Anomaly> found = new ArrayList<>();
        long allRequests = endpoints.stream().mapToLong(Endpoint::requests).sum();
        double allWeighted = endpoints.stream().mapToDouble(endpoint -> endpoint.avgMs() * endpoint.requests()).sum();
        for (Endpoint endpoint : endpoints.stream().sorted(Comparator.comparingDouble(Endpoint::avgMs).reversed()).toList()) {
            long otherRequests = allRequests - endpoint.requests();
            double othersAvg = otherRequests == 0 ? 0 : (allWeighted - endpoint.avgMs() * endpoint.requests()) / otherRequests;
            if (found.size() == MAX_REPORTED || endpoint.avgMs() < limits.slowEndpointMinMs()
                    || endpoint.avgMs() < othersAvg * limits.slowEndpointFactor()
                    || endpoint.requests() < limits.slowEndpointMinRequests() || otherRequests < limits.slowEndpointMinRequests()) {
                continue;
            }
            found.add(new Anomaly("slow_endpoint", Severity.MEDIUM,
                    "%s averaged %s ms (p95 up to %s ms, %d requests), ×%s the other endpoints' %s ms; expected < %s ms"
                            .formatted(endpoint.key(), fmt(endpoint.avgMs()), fmt(endpoint.p95Ms()), endpoint.requests(),
                                    fmt(endpoint.avgMs() / Math.max(othersAvg, 0.001)), fmt(othersAvg),
                                    fmt(othersAvg * limits.slowEndpointFactor())),
                    "avg_response_time_ms", endpoint.avgMs(), "< " + fmt(othersAvg * limits.slowEndpointFactor()),
                    "Profile " + endpoint.key() + " on its own: its latency is hidden in the run's average.",
                    Anomaly.TIMELINE));
        }
        return found;
    }

    private static List<Endpoint> merge(List<EndpointStats> stats) {
        Map<String, List<EndpointStats>> byKey = new LinkedHashMap<>();
        stats.stream().filter(Objects::nonNull).filter(stat -> stat.requests() > 0)
                .forEach(stat -> byKey.computeIfAbsent(stat.method() + " " + stat.name(), key -> new ArrayList<>()).add(stat));
        return byKey.entrySet().stream().map(entry -> {
            List<EndpointStats> parts = entry.getValue();
            long requests = parts.stream().mapToLong(EndpointStats::requests).sum();
            long failed = parts.stream().mapToLong(EndpointStats::failedRequests).sum();
            double avg = parts.stream().mapToDouble(part -> part.avgMs() * part.requests()).sum() / requests;
            double p95 = parts.stream().mapToDouble(EndpointStats::p95Ms).max().orElse(0);
            String statuses = parts.stream().filter(part -> part.failedRequests() > 0).map(EndpointStats::status)
                    .distinct().collect(Collectors.joining(","));
            return new Endpoint(entry.getKey(), requests, failed, avg, p95, statuses);
        }).toList();
    }

    private record Endpoint(String key, long requests, long failed, double avgMs, double p95Ms, String failedStatuses) {
    }
}
