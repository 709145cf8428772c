package dev.k6runner.gateway.intake;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import dev.k6runner.gateway.web.ApiProblem;

/** The problems only a submission can cause, with the words and headers the contract gives them. */
final class IntakeProblems {

    private IntakeProblems() {
    }

    static ApiProblem invalidIdempotencyKey(int maxLength) {
        String detail = "must be 1 to " + maxLength + " printable ASCII characters without spaces";
        return new ApiProblem(HttpStatus.BAD_REQUEST, "validation", "Invalid Idempotency-Key", "Idempotency-Key: " + detail,
                List.of(Map.of("header", "Idempotency-Key", "detail", detail)), Map.of());
    }

    /** As draft-ietf-httpapi-idempotency-key-header: a key reused with another request is a client error. */
    static ApiProblem keyReused(UUID firstRun) {
        String detail = "this Idempotency-Key was first used for run " + firstRun + " with a different request; "
                + "retry with the same body, or use a new key for a new run";
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", "Idempotency-Key reused", detail,
                List.of(Map.of("header", "Idempotency-Key", "detail", detail)), Map.of());
    }

    /** Runs over the running limit wait in the backlog; only a full backlog refuses. */
    static ApiProblem backlogFull(String teamId, IntakeStore.BacklogFull backlog, Duration retryAfter) {
        return new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "backlog-full", "Backlog full",
                "team '" + teamId + "' has " + backlog.queued() + " runs queued; its max_queued_runs is "
                        + backlog.maxQueuedRuns() + ". Retry when one starts.",
                List.of(), Map.of(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, retryAfter.toSeconds()))));
    }
}
