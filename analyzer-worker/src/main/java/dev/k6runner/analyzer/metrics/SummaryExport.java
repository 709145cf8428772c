package dev.k6runner.analyzer.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * k6's {@code --summary-export} document ({@code {root_group, metrics}}), read as k6 wrote it.
 * Trend values are milliseconds; rates are {@code {passes, fails, value}} where, for
 * {@code http_req_failed}, {@code passes} counts FAILED requests; in {@code thresholds}
 * {@code true} means the threshold FAILED.
 */
public final class SummaryExport {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final JsonNode metrics;
    private final JsonNode rootGroup;

    private SummaryExport(JsonNode metrics, JsonNode rootGroup) {
        this.metrics = metrics;
        this.rootGroup = rootGroup;
    }

    /** Empty when there is no export; {@link UnreadableSummaryException} when it is not k6's document. */
    public static Optional<SummaryExport> parse(String rawSummary) {
        if (rawSummary == null || rawSummary.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode root = MAPPER.readTree(rawSummary);
            if (!root.path("metrics").isObject()) {
                throw new UnreadableSummaryException("summary export has no metrics object");
            }
            return Optional.of(new SummaryExport(root.get("metrics"), root.path("root_group")));
        } catch (JacksonException e) {
            throw new UnreadableSummaryException("summary export is not JSON: " + e.getOriginalMessage());
        }
    }

    public boolean has(String metric) {
        return metrics.path(metric).isObject();
    }

    /** One statistic of one metric ({@code avg}, {@code p(95)}, {@code count}, {@code passes}…), or null. */
    public Double value(String metric, String stat) {
        JsonNode node = metrics.path(metric).path(stat);
        return node.isNumber() ? node.doubleValue() : null;
    }

    public Long count(String metric, String stat) {
        Double value = value(metric, stat);
        return value == null ? null : Math.round(value);
    }

    /** Every threshold expression in the order k6 wrote them. */
    public ThresholdResults thresholds() {
        List<ThresholdResults.Result> results = new ArrayList<>();
        for (Map.Entry<String, JsonNode> metric : metrics.properties()) {
            JsonNode thresholds = metric.getValue().path("thresholds");
            for (Map.Entry<String, JsonNode> expression : thresholds.properties()) {
                boolean failed = expression.getValue().asBoolean(false);
                results.add(new ThresholdResults.Result(metric.getKey(), expression.getKey(), !failed));
            }
        }
        return new ThresholdResults(results.stream().allMatch(ThresholdResults.Result::passed), results);
    }

    /** Names of the checks that failed at least once, with their failure counts, from every group. */
    public List<FailedCheck> failedChecks() {
        List<FailedCheck> failed = new ArrayList<>();
        collectFailedChecks(rootGroup, failed);
        return failed;
    }

    private static void collectFailedChecks(JsonNode group, List<FailedCheck> into) {
        for (Map.Entry<String, JsonNode> check : group.path("checks").properties()) {
            long fails = check.getValue().path("fails").asLong(0);
            if (fails > 0) {
                into.add(new FailedCheck(check.getValue().path("path").asString(check.getKey()), fails,
                        check.getValue().path("passes").asLong(0)));
            }
        }
        for (Map.Entry<String, JsonNode> child : group.path("groups").properties()) {
            collectFailedChecks(child.getValue(), into);
        }
    }

    public record FailedCheck(String path, long fails, long passes) {
    }

    public static class UnreadableSummaryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UnreadableSummaryException(String message) {
            super(message);
        }
    }
}
