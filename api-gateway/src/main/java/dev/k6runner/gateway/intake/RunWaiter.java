package dev.k6runner.gateway.intake;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import dev.k6runner.gateway.query.RunDocument;
import dev.k6runner.gateway.query.RunDocuments;
import dev.k6runner.model.RunStatus;

/**
 * Serves {@code ?wait=}: polls the run's status (one primary-key read) with a growing pause until it
 * ends or the time is up. Requests run on virtual threads, so a waiting client holds no platform thread.
 */
final class RunWaiter {

    private static final long FIRST_PAUSE_MILLIS = 50;
    private static final long LONGEST_PAUSE_MILLIS = 500;

    private final RunDocuments documents;

    RunWaiter(RunDocuments documents) {
        this.documents = documents;
    }

    Optional<RunDocument> awaitEnd(String teamId, UUID id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        while (true) {
            Optional<String> status = currentStatus(teamId, id);
            if (status.isEmpty()) {
                return Optional.empty();
            }
            if (RunStatus.fromWire(status.get()).isTerminal()) {
                return documents.find(teamId, id);
            }
            long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMillis <= 0) {
                return Optional.empty();
            }
            try {
                Thread.sleep(Math.min(pause, leftMillis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
        }
    }

    Optional<String> currentStatus(String teamId, UUID id) {
        return documents.status(teamId, id);
    }
}
