package dev.k6runner.gateway.intake;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;

import dev.k6runner.gateway.GatewayProperties;
import dev.k6runner.gateway.web.ApiProblem;
import dev.k6runner.model.K6Duration;
import dev.k6runner.model.RunSpec;

/** Checks a submission against the configured limits; collects every error with its JSON pointer. */
final class RunRequestValidator {

    static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final Pattern TAG_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]{0,127}");
    private static final int MAX_NAME = 200;
    private static final int MAX_ENTRIES = 100;
    private static final int MAX_VALUE = 65_536;
    private static final int MAX_TAG_VALUE = 256;

    private final GatewayProperties limits;
    private final List<Map<String, String>> errors = new ArrayList<>();

    private RunRequestValidator(GatewayProperties limits) {
        this.limits = limits;
    }

    static RunSpec validate(RunRequest request, GatewayProperties limits) {
        return new RunRequestValidator(limits).check(request);
    }

    private RunSpec check(RunRequest request) {
        if (request == null) {
            throw invalid(List.of(error("#", "the body must be a JSON object with at least 'script'")));
        }
        checkScriptSize(request.script());
        if (request.script() == null || request.script().isBlank()) {
            error("#/script", "required: the k6 script to run");
        }
        String name = checkName(request.name());
        Integer vus = checkPositive("#/vus", request.vus());
        Integer iterations = checkPositive("#/iterations", request.iterations());
        String duration = checkDuration(request.duration());
        long timeoutSeconds = checkTimeout(request.timeout());
        int runners = checkRunners(request.runners());
        Map<String, String> env = checkMap("#/env", request.env(), ENV_NAME, MAX_VALUE,
                "must match [A-Za-z_][A-Za-z0-9_]* (a shell variable name)", dev.k6runner.platform.k6.ReservedEnv::reason);
        Map<String, String> tags = checkMap("#/tags", request.tags(), TAG_KEY, MAX_TAG_VALUE,
                "must start with a letter or '_' and hold only letters, digits, '_', '.', '-' (at most 128)", key -> null);
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return new RunSpec(request.script(), name, vus, duration, iterations, env, tags, timeoutSeconds, runners);
    }

    /** 1 when absent; over the server's maximum is a bad request, not a limit of the team's. */
    private int checkRunners(Integer runners) {
        if (runners == null) {
            return 1;
        }
        if (runners < 1 || runners > limits.maxRunners()) {
            error("#/runners", "must be between 1 and " + limits.maxRunners() + " (k6runner.gateway.max-runners), got " + runners);
            return 1;
        }
        return runners;
    }

    private void checkScriptSize(String script) {
        if (script == null) {
            return;
        }
        int bytes = script.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > limits.maxScriptBytes()) {
            String detail = "the script is " + bytes + " bytes; the limit is " + limits.maxScriptBytes() + " bytes";
            throw new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "script-too-large", "Script too large", detail,
                    List.of(Map.of("pointer", "#/script", "detail", detail)), Map.of());
        }
    }

    private String checkName(String name) {
        if (name == null) {
            return "unnamed";
        }
        if (name.isBlank() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            error("#/name", "must be 1 to " + MAX_NAME + " characters without control characters");
        }
        return name.strip();
    }

    /** Over a limit is checked after this, as a 422 ({@link SubmissionLimits}). */
    private Integer checkPositive(String pointer, Integer value) {
        if (value != null && value < 1) {
            error(pointer, "must be at least 1, got " + value);
        }
        return value;
    }

    private String checkDuration(String text) {
        if (text == null) {
            return null;
        }
        Duration duration = K6Duration.parse(text.strip());
        if (duration == null) {
            error("#/duration", "'" + text + "' is not a k6 duration (e.g. 30s, 5m, 1h30m, 500ms)");
        } else if (duration.isZero()) {
            error("#/duration", "must be more than 0, got " + text);
        }
        return text.strip();
    }

    private long checkTimeout(String text) {
        if (text == null) {
            Duration fallback = limits.defaultTimeoutDuration();
            return (fallback.compareTo(limits.maxTimeout()) > 0 ? limits.maxTimeout() : fallback).toSeconds();
        }
        Duration timeout = K6Duration.parseTimeLimit(text);
        if (timeout == null) {
            error("#/timeout", "'" + text + "' is not a duration (k6 notation like 15m, or seconds)");
            return 0;
        }
        if (timeout.toSeconds() < 1 || timeout.compareTo(limits.maxTimeout()) > 0) {
            error("#/timeout", "must be between 1s and " + K6Duration.format(limits.maxTimeout()) + ", got " + text);
        }
        return timeout.toSeconds();
    }

    /** @param reserved why a well-formed key may still not be used, or null when it may */
    private Map<String, String> checkMap(String pointer, Map<String, String> map, Pattern keys, int maxValue, String rule,
                                         Function<String, String> reserved) {
        if (map == null) {
            return Map.of();
        }
        if (map.size() > MAX_ENTRIES) {
            error(pointer, "at most " + MAX_ENTRIES + " entries, got " + map.size());
        }
        Map<String, String> sorted = new TreeMap<>();
        map.forEach((key, value) -> {
            if (!keys.matcher(key).matches()) {
                error(pointer + "/" + escape(key), "name '" + key + "' " + rule);
            } else if (reserved.apply(key) != null) {
                error(pointer + "/" + escape(key), "name '" + key + "' is reserved: " + reserved.apply(key));
            } else if (value == null) {
                error(pointer + "/" + escape(key), "value must be a string, not null");
            } else if (value.length() > maxValue) {
                error(pointer + "/" + escape(key), "value longer than " + maxValue + " characters");
            } else {
                sorted.put(key, value);
            }
        });
        return sorted;
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private Map<String, String> error(String pointer, String detail) {
        Map<String, String> error = Map.of("pointer", pointer, "detail", detail);
        errors.add(error);
        return error;
    }

    private static ApiProblem invalid(List<Map<String, String>> errors) {
        String detail = errors.size() == 1
                ? errors.getFirst().get("pointer") + ": " + errors.getFirst().get("detail")
                : errors.size() + " fields are invalid, see 'errors'";
        return new ApiProblem(HttpStatus.BAD_REQUEST, "validation", "Invalid test request", detail, errors, Map.of());
    }
}
