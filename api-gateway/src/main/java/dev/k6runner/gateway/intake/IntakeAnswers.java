package dev.k6runner.gateway.intake;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import dev.k6runner.gateway.GatewayProperties;
import dev.k6runner.gateway.intake.IntakeStore.Accepted;
import dev.k6runner.gateway.query.ArrivalPositions;
import dev.k6runner.gateway.teams.Caller;
import dev.k6runner.gateway.web.ApiProblem;
import dev.k6runner.model.RunStatus;

/**
 * The answer to an accepted submission: the 202 with the run's queue position at once, or with {@code ?wait} the
 * run's document once it ended (200) or the 202 when the wait is over, written later without holding the request
 * thread.
 */
@Component
class IntakeAnswers {

    /** The answer of an accepted submission. */
    record Queued(UUID testId, String status, Instant submittedAt, Long queuePosition) {
    }

    private final GatewayProperties properties;
    private final RunWaiter waiter;
    private final ArrivalPositions positions;

    IntakeAnswers(GatewayProperties properties, RunWaiter waiter, ArrivalPositions positions) {
        this.properties = properties;
        this.waiter = waiter;
        this.positions = positions;
    }

    /** Checked before anything is stored: a bad {@code wait} stores nothing. */
    Duration parseWait(String wait) {
        if (wait == null || wait.isEmpty()) {
            return Duration.ZERO;
        }
        long max = properties.maxWait().toSeconds();
        try {
            long seconds = Long.parseLong(wait);
            if (seconds >= 0 && seconds <= max) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiProblem.badParameter("wait", "must be whole seconds from 0 to " + max + ", got '" + wait + "'");
    }

    /** @return a {@link ResponseEntity} at once, or a deferred one for {@code ?wait} */
    Object answer(Caller caller, SubmissionIntake.Taken taken, Duration waitFor) {
        Accepted accepted = taken.run();
        HttpHeaders headers = new HttpHeaders();
        headers.setLocation(URI.create("/api/v1/test/results/" + accepted.id()));
        if (accepted.replayed()) {
            headers.add("Idempotent-Replayed", "true");
        }
        if (waitFor.isZero()) {
            // A fresh run is queued; only a replay may have seen it move since.
            RunStatus now = accepted.replayed() ? currentStatus(caller, accepted) : accepted.status();
            return queued(accepted, headers, now, now == accepted.status() ? taken.position() : null);
        }
        return waiter.later(waitFor, () -> waiter.awaitEnd(caller.teamId(), accepted.id(), waitFor)
                .<ResponseEntity<?>>map(ended -> ResponseEntity.ok().headers(headers).body(ended))
                .orElseGet(() -> queued(accepted, headers, currentStatus(caller, accepted), null)));
    }

    private RunStatus currentStatus(Caller caller, Accepted accepted) {
        return waiter.currentStatus(caller.teamId(), accepted.id()).orElse(accepted.status());
    }

    /** @param position the run's queue position read with its batch; null: read it now (if it is queued) */
    private ResponseEntity<?> queued(Accepted accepted, HttpHeaders headers, RunStatus status, Long position) {
        OptionalLong queued = position != null ? OptionalLong.of(position)
                : status == RunStatus.QUEUED ? positions.positionOf(accepted.id()) : OptionalLong.empty();
        return ResponseEntity.status(HttpStatus.ACCEPTED).headers(headers)
                .body(new Queued(accepted.id(), status.wireName(), accepted.submittedAt(), queued.isPresent() ? queued.getAsLong() : null));
    }
}
