package dev.k6runner.gateway.intake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

import dev.k6runner.gateway.GatewayProperties;
import dev.k6runner.gateway.teams.Caller;
import dev.k6runner.gateway.web.ApiProblem;
import dev.k6runner.model.K6Duration;
import dev.k6runner.model.RunSpec;

/**
 * The limits a request's own {@code vus}, {@code duration} and {@code iterations} must keep: the team's
 * ({@code teams.max_vus}, {@code max_duration_seconds}, read with the caller) and the server's. Over one is
 * {@code 422 limit-exceeded} naming the limit and the value asked; the runner checks the script's own options.
 */
final class SubmissionLimits {

    private final List<Map<String, String>> errors = new ArrayList<>();

    private SubmissionLimits() {
    }

    static void check(RunSpec run, Caller caller, GatewayProperties server) {
        SubmissionLimits limits = new SubmissionLimits();
        limits.vus(run.vus(), caller, server.maxVus());
        limits.duration(run.duration(), caller, server.maxDuration());
        if (run.iterations() != null && run.iterations() > server.maxIterations()) {
            limits.exceeded("#/iterations", "the request asks for " + run.iterations() + " iterations; the server's limit "
                    + "(k6runner.gateway.max-iterations) is " + server.maxIterations());
        }
        if (!limits.errors.isEmpty()) {
            String detail = limits.errors.size() == 1 ? limits.errors.getFirst().get("detail")
                    : String.join("; ", limits.errors.stream().map(error -> error.get("detail")).toList());
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "limit-exceeded", "Limit exceeded", detail,
                    limits.errors, Map.of());
        }
    }

    private void vus(Integer vus, Caller caller, int serverMax) {
        Integer teamMax = caller.limits().maxVus();
        if (vus == null) {
            return;
        }
        if (teamMax != null && teamMax < serverMax && vus > teamMax) {
            exceeded("#/vus", "the request asks for " + vus + " VUs; the team's limit (max_vus) is " + teamMax);
        } else if (vus > serverMax) {
            exceeded("#/vus", "the request asks for " + vus + " VUs; the server's limit (k6runner.gateway.max-vus) is " + serverMax);
        }
    }

    private void duration(String text, Caller caller, Duration serverMax) {
        Duration asked = text == null ? null : K6Duration.parse(text);
        if (asked == null) {
            return;
        }
        Long teamSeconds = caller.limits().maxDurationSeconds();
        Duration teamMax = teamSeconds == null ? null : Duration.ofSeconds(teamSeconds);
        if (teamMax != null && teamMax.compareTo(serverMax) < 0 && asked.compareTo(teamMax) > 0) {
            exceeded("#/duration", "the request asks for a duration of " + text + "; the team's limit (max_duration) is "
                    + K6Duration.format(teamMax));
        } else if (asked.compareTo(serverMax) > 0) {
            exceeded("#/duration", "the request asks for a duration of " + text + "; the server's limit "
                    + "(k6runner.gateway.max-duration) is " + K6Duration.format(serverMax));
        }
    }

    private void exceeded(String pointer, String detail) {
        errors.add(Map.of("pointer", pointer, "detail", detail));
    }
}
