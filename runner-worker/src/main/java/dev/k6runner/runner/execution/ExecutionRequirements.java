package dev.k6runner.runner.execution;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.k6runner.model.K6Duration;

/**
 * What a test needs, in k6's own figures: the most VUs it will have at once and how long it can run, graceful stops
 * included. Read before any load from {@code k6 inspect --execution-requirements} ({@code maxVUs},
 * {@code totalDuration}: recording inspect-scenarios), and again from {@code k6 run}'s banner line, which k6 prints
 * before it initialises VUs.
 *
 * @param maxVus           the most VUs at once
 * @param totalDuration    the longest it can run
 * @param totalDurationText the same as k6 wrote it ({@code 2m0s}), for messages
 */
record ExecutionRequirements(long maxVus, Duration totalDuration, String totalDurationText) {

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
        return new ExecutionRequirements(vus.asLong(), duration, total.asString());
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
}
