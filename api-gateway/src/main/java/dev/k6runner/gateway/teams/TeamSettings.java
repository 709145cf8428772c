package dev.k6runner.gateway.teams;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.k6runner.gateway.GatewayProperties;
import dev.k6runner.model.K6Duration;

/** Reads and checks the limits of a {@link TeamRequest} against the server's own maxima. */
final class TeamSettings {

    /** The admin API's word for "no running limit" (stored as NULL). */
    static final String UNLIMITED = "unlimited";
    static final int DEFAULT_MAX_QUEUED_RUNS = 1000;
    static final int DEFAULT_WEIGHT = 1;
    static final int MAX_WEIGHT = 1000;

    private TeamSettings() {
    }

    /** @return the settings to write; each wrong field is added to {@code errors} with its JSON pointer */
    static TeamStore.Settings from(TeamRequest request, GatewayProperties server, List<Map<String, String>> errors) {
        Integer maxVus = request.getMaxVus();
        if (maxVus != null && (maxVus < 1 || maxVus > server.maxVus())) {
            errors.add(error("#/max_vus", "must be between 1 and the server's max-vus (" + server.maxVus() + "), got " + maxVus));
        }
        Long maxDuration = seconds(request.getMaxDuration(), server.maxTimeout(), errors);
        List<String> egress = EgressEntries.normalize(request.getEgressAllow(), errors);
        boolean setRunning = request.sent("max_running_runs") || request.sent("max_active_runs");
        Integer maxRunning = runningLimit(request, server.teams().defaultRunningLimit(), errors);
        Integer maxQueued = whole(request.getMaxQueuedRuns(), request.sent("max_queued_runs"), DEFAULT_MAX_QUEUED_RUNS,
                "#/max_queued_runs", 1, Integer.MAX_VALUE, errors);
        Integer weight = whole(request.getWeight(), request.sent("weight"), DEFAULT_WEIGHT, "#/weight", 1, MAX_WEIGHT, errors);
        return new TeamStore.Settings(setRunning, maxRunning, maxQueued, weight, request.sent("max_vus"), maxVus,
                request.sent("max_duration"), maxDuration, request.sent("egress_allow"), egress);
    }

    /**
     * The running limit to store, null meaning unlimited: a whole number of 1 or more, or "unlimited"; left out or null,
     * the server's default. {@code max_active_runs}, the old quota's name, is its deprecated alias.
     */
    private static Integer runningLimit(TeamRequest request, Integer serverDefault, List<Map<String, String>> errors) {
        String pointer = "#/max_running_runs";
        Object value = request.getMaxRunningRuns();
        if (request.sent("max_active_runs")) {
            if (request.sent("max_running_runs")) {
                errors.add(error("#/max_active_runs", "is the deprecated name of max_running_runs: send only max_running_runs"));
                return null;
            }
            pointer = "#/max_active_runs";
            value = request.getMaxActiveRuns();
        }
        if (value == null) {
            return serverDefault;
        }
        if (UNLIMITED.equals(value)) {
            return null;
        }
        if (value instanceof Integer limit && limit >= 1) {
            return limit;
        }
        errors.add(error(pointer, "must be a whole number from 1 to " + Integer.MAX_VALUE + ", or \"" + UNLIMITED + "\", got " + value));
        return null;
    }

    /** @return the value to write: null when not sent (unchanged), {@code fallback} when sent as null */
    private static Integer whole(Integer value, boolean sent, int fallback, String pointer, int min, int max,
                                 List<Map<String, String>> errors) {
        if (!sent) {
            return null;
        }
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            errors.add(error(pointer, "must be between " + min + " and " + max + ", got " + value));
        }
        return value;
    }

    /** A test can never run past the server's largest time limit, so no team needs a longer one. */
    private static Long seconds(String text, Duration maxTimeLimit, List<Map<String, String>> errors) {
        if (text == null) {
            return null;
        }
        Duration duration = K6Duration.parseTimeLimit(text);
        if (duration == null) {
            errors.add(error("#/max_duration", "'" + text + "' is not a duration (k6 notation like 30m or 1h30m, or seconds)"));
            return null;
        }
        if (duration.toSeconds() < 1 || duration.compareTo(maxTimeLimit) > 0) {
            errors.add(error("#/max_duration", "must be between 1s and the server's maximum time limit (max-timeout, "
                    + K6Duration.format(maxTimeLimit) + "), got " + text));
            return null;
        }
        return duration.toSeconds();
    }

    private static Map<String, String> error(String pointer, String detail) {
        return Map.of("pointer", pointer, "detail", detail);
    }
}
