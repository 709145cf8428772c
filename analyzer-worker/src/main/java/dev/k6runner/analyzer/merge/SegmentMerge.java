package dev.k6runner.analyzer.merge;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import dev.k6runner.model.MetricFold;
import dev.k6runner.model.RunDigest;
import dev.k6runner.model.RunFinished;
import dev.k6runner.model.RunStatus;
import dev.k6runner.model.StreamMetrics;
import tools.jackson.databind.node.ObjectNode;

/**
 * The results of the k6 processes that ran one test as execution segments, merged as if one k6 had
 * run it: counters and rates added (a counter's rate over the common duration), trends from merged
 * histograms (never an averaged percentile), gauges' min and max, checks and groups added, the
 * timeline and endpoints merged bucket by bucket, and one {@code rawSummary} in the exact shape of
 * k6's {@code --summary-export} whose thresholds were evaluated on the merged data.
 *
 * <p>The outcome: the first segment that did not complete gives the run its outcome, exit code and
 * reason (its partial metrics are merged all the same); when every segment completed, exit 99 if
 * any threshold failed on the merged data, else 0, whatever each segment's own verdict was.
 */
public final class SegmentMerge {

    static final int THRESHOLDS_FAILED = 99;

    private SegmentMerge() {
    }

    /** @param segments one result per segment, in segment order; at least one */
    public static RunFinished merge(List<RunFinished> segments) {
        if (segments == null || segments.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        List<SegmentSummary> summaries = segments.stream().map(SegmentSummary::of).toList();
        double durationSeconds = durationSeconds(segments, summaries);
        List<RunDigest> digests = segments.stream().map(RunFinished::digest).toList();
        List<MetricFold> folds = MetricMerge.mergeAll(digests.stream().filter(Objects::nonNull)
                .map(RunDigest::metrics).filter(Objects::nonNull).map(StreamMetrics::metrics).toList());
        Map<String, MergedMetric> metrics = new LinkedHashMap<>();
        folds.stream().filter(f -> f.count() > 0 && f.type() != null)
                .forEach(f -> metrics.put(f.name(), new MergedMetric(f, durationSeconds)));
        Map<String, Map<String, Boolean>> verdicts = ThresholdVerdicts.evaluate(declaredThresholds(folds, summaries), metrics);
        RunDigest digest = DigestMerge.merge(digests, folds);
        String rawSummary = rawSummary(summaries, digest, metrics, verdicts);
        return outcome(segments, rawSummary, digest, ThresholdVerdicts.anyFailed(verdicts));
    }

    private static RunFinished outcome(List<RunFinished> segments, String rawSummary, RunDigest digest, boolean failed) {
        RunFinished first = segments.getFirst();
        RunFinished broken = segments.stream().filter(s -> s.outcome() != RunStatus.COMPLETED).findFirst().orElse(null);
        RunStatus outcome = broken != null ? broken.outcome() : RunStatus.COMPLETED;
        Integer exitCode = broken != null ? broken.k6ExitCode() : Integer.valueOf(failed ? THRESHOLDS_FAILED : 0);
        String reason = broken != null ? broken.statusReason()
                : failed ? "thresholds failed on the merged data of " + segments.size() + " segments" : null;
        Instant startedAt = segments.stream().map(RunFinished::startedAt).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
        Instant finishedAt = segments.stream().map(RunFinished::finishedAt).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        String runners = segments.stream().map(RunFinished::runnerId).filter(Objects::nonNull).distinct()
                .collect(Collectors.joining(","));
        return new RunFinished(first.runId(), first.attemptId(), runners, outcome, reason, exitCode, rawSummary,
                console(segments), digest, startedAt, finishedAt);
    }

    private static String rawSummary(List<SegmentSummary> summaries, RunDigest digest,
            Map<String, MergedMetric> metrics, Map<String, Map<String, Boolean>> verdicts) {
        if (metrics.isEmpty() && summaries.stream().allMatch(s -> s.export() == null)) {
            return null;
        }
        boolean streamHasChecks = digest != null && digest.metrics() != null && !digest.metrics().truncated();
        ObjectNode rootGroup = streamHasChecks
                ? RootGroup.fromStream(digest.metrics().groups(), digest.metrics().checks()) : RootGroup.empty();
        if (!streamHasChecks) {
            summaries.stream().filter(s -> s.export() != null).forEach(s -> RootGroup.add(rootGroup, s.export().path("root_group")));
        }
        Map<String, Set<String>> stats = new LinkedHashMap<>();
        Map<String, List<tools.jackson.databind.JsonNode>> fallbacks = new LinkedHashMap<>();
        for (SegmentSummary summary : summaries) {
            summary.metricEntries().forEach((name, entry) -> {
                stats.computeIfAbsent(name, n -> new LinkedHashSet<>()).addAll(entry.propertyNames());
                fallbacks.computeIfAbsent(name, n -> new ArrayList<>()).add(entry);
            });
        }
        return SummaryExportWriter.write(rootGroup, SummaryExportWriter.metrics(metrics, stats, fallbacks, verdicts));
    }

    /** Thresholds as the segments' exports list them (sub-metrics included), then as the stream declared them. */
    private static Map<String, Set<String>> declaredThresholds(List<MetricFold> folds, List<SegmentSummary> summaries) {
        Map<String, Set<String>> declared = new LinkedHashMap<>();
        summaries.forEach(s -> s.thresholds().forEach((metric, expressions) ->
                declared.computeIfAbsent(metric, m -> new LinkedHashSet<>()).addAll(expressions)));
        for (MetricFold fold : folds) {
            if (fold.thresholds() != null && !fold.thresholds().isEmpty()) {
                declared.computeIfAbsent(fold.name(), m -> new LinkedHashSet<>()).addAll(fold.thresholds());
            }
        }
        return declared;
    }

    /** The segments ran together: the test lasted as long as the longest of them, as k6 measured it. */
    private static double durationSeconds(List<RunFinished> segments, List<SegmentSummary> summaries) {
        double fromSummaries = summaries.stream().mapToDouble(SegmentSummary::durationSeconds).max().orElse(0);
        if (fromSummaries > 0) {
            return fromSummaries;
        }
        return segments.stream().filter(s -> s.startedAt() != null && s.finishedAt() != null)
                .mapToDouble(s -> Duration.between(s.startedAt(), s.finishedAt()).toNanos() / 1e9).max().orElse(0);
    }

    private static String console(List<RunFinished> segments) {
        if (segments.size() == 1) {
            return segments.getFirst().consoleOutput();
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < segments.size(); i++) {
            String text = segments.get(i).consoleOutput();
            if (text != null && !text.isEmpty()) {
                out.append("--- segment ").append(i).append(" ---\n").append(text);
                if (!text.endsWith("\n")) {
                    out.append('\n');
                }
            }
        }
        return out.isEmpty() ? null : out.toString();
    }
}
