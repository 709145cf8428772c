package dev.k6runner.gateway.teams;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.k6runner.gateway.GatewayProperties;
import dev.k6runner.model.K6Duration;

/** Reads and checks the limits of a {@link TeamRequest} against the server's own maxima. */
final class TeamSettings {

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
        return new TeamStore.Settings(request.getMaxActiveRuns(), request.sent("max_vus"), maxVus,
                request.sent("max_duration"), maxDuration, request.sent("egress_allow"), egress);
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
