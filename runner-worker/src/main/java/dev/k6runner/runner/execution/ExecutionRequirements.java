package dev.k6runner.runner.execution;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.k6runner.model.K6Duration;
import dev.k6runner.model.LiveThresholds;
import dev.k6runner.runner.stream.StreamTags;

/**
 * What a test needs, in k6's own figures: the most VUs it will have at once and how long it can run, graceful stops
 * included. Read before any load from {@code k6 inspect --execution-requirements} ({@code maxVUs},
 * {@code totalDuration}: recording inspect-scenarios), and again from {@code k6 run}'s banner line, which k6 prints
 * before it initialises VUs.
 *
 * @param maxVus           the most VUs at once
 * @param totalDuration    the longest it can run
 * @param totalDurationText the same as k6 wrote it ({@code 2m0s}), for messages
 * @param systemTags       the runner's {@code --system-tags} for this test ({@link StreamTags}), or null for k6's
 *                         default: inspect's options lacked {@code thresholds} or {@code systemTags} (only real k6's
 *                         full document has both), or the script chose its own
 * @param abortOnFail      the thresholds declared with {@code abortOnFail}, which a test on several runners evaluates
 *                         again on its merged data
 */
record ExecutionRequirements(long maxVus, Duration totalDuration, String totalDurationText, String systemTags,
                             List<LiveThresholds.AbortOnFail> abortOnFail) {

    /** Figures without a tag choice (k6 run's banner): k6's default system tags. */
    ExecutionRequirements(long maxVus, Duration totalDuration, String totalDurationText) {
        this(maxVus, totalDuration, totalDurationText, null, List.of());
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** k6 v0.49 cmd/ui.go: {@code scenarios: (100.00%) 1 scenario, 5 max VUs, 33s max duration (incl. graceful stop):}. */
    private static final Pattern BANNER = Pattern.compile("(\\d{1,18}) max VUs, (\\S+) max duration \\(incl\\. graceful stop\\)");

    /** @throws IllegalArgumentException when the document is not inspect's, or lacks either figure */
    static ExecutionRequirements fromInspect(String json) {
        JsonNode document;
        try {
            document = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("k6 inspect printed no JSON document: " + e.getOriginalMessage());
        }
        JsonNode vus = document.path("maxVUs");
        JsonNode total = document.path("totalDuration");
        Duration duration = total.isString() ? K6Duration.parse(total.asString()) : null;
        if (!vus.canConvertToLong() || !vus.isIntegralNumber() || duration == null) {
            throw new IllegalArgumentException("k6 inspect printed no maxVUs and totalDuration (got maxVUs=" + vus
                    + ", totalDuration=" + total + ")");
        }
        return new ExecutionRequirements(vus.asLong(), duration, total.asString(), systemTags(document),
                abortOnFail(document.path("thresholds")));
    }

    /**
     * The thresholds with {@code abortOnFail}: k6 prints a threshold as its expression, or with {@code abortOnFail} as
     * {@code {"threshold":"count<30","abortOnFail":true,"delayAbortEval":"1s"}} (metrics/thresholds.go,
     * {@code thresholdConfig.MarshalJSON}; real k6 v0.49's inspect by hand: no recording has one).
     */
    static List<LiveThresholds.AbortOnFail> abortOnFail(JsonNode thresholds) {
        List<LiveThresholds.AbortOnFail> found = new ArrayList<>();
        for (Map.Entry<String, JsonNode> metric : thresholds.properties()) {
            for (JsonNode threshold : metric.getValue()) {
                if (threshold.path("abortOnFail").asBoolean(false) && threshold.path("threshold").isString()) {
                    Duration delay = K6Duration.parse(threshold.path("delayAbortEval").asString(""));
                    found.add(new LiveThresholds.AbortOnFail(metric.getKey(), threshold.path("threshold").asString(),
                            delay == null ? 0 : delay.toNanos() / 1e9));
                }
            }
        }
        return List.copyOf(found);
    }

    /** The figures of k6 run's banner line, or empty for any other line. */
    static Optional<ExecutionRequirements> fromBanner(String line) {
        Matcher banner = BANNER.matcher(line);
        if (!line.contains("scenarios: ") || !banner.find()) {
            return Optional.empty();
        }
        Duration duration = K6Duration.parse(banner.group(2));
        return duration == null ? Optional.empty()
                : Optional.of(new ExecutionRequirements(Long.parseLong(banner.group(1)), duration, banner.group(2)));
    }

    /** From the resolved options: the threshold names and the system tags (k6's defaults unless the script chose). */
    private static String systemTags(JsonNode document) {
        JsonNode thresholds = document.path("thresholds");
        JsonNode chosen = document.path("systemTags");
        boolean readable = (thresholds.isNull() || thresholds.isObject()) && (chosen.isNull() || chosen.isArray());
        if (!readable) {
            return null;
        }
        List<String> resolved = chosen.isNull() ? null : chosen.valueStream().map(JsonNode::asString).toList();
        return StreamTags.flagValue(thresholds.propertyNames(), resolved).orElse(null);
    }
}
