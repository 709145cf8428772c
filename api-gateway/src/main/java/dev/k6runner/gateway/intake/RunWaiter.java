package dev.k6runner.gateway.intake;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.WebAsyncTask;

import dev.k6runner.gateway.query.RunDocument;
import dev.k6runner.gateway.query.RunDocuments;
import dev.k6runner.model.RunStatus;

/**
 * Serves {@code ?wait=}: answers as soon as the analyzer announces the run's end (Postgres NOTIFY),
 * and re-reads the status (one primary-key read) at a slow pace in case an announcement is missed
 * or the run ended another way (cancelled while queued, interrupted). Requests are served by Tomcat's
 * platform threads ({@code web.PlatformRequestThreads}); a wait gives its request thread back ({@link #later})
 * and goes on on a virtual thread of its own, so a waiting client holds none of Tomcat's threads.
 */
@Component
class RunWaiter {

    private static final long FIRST_PAUSE_MILLIS = 50;
    private static final long LONGEST_PAUSE_MILLIS = 1000;
    /** Beyond the wait itself: the reads around it; a wait's own deadline ends it long before this. */
    private static final Duration ANSWER_MARGIN = Duration.ofSeconds(30);

    private final RunDocuments documents;
    private final RunEndSignals runEnds;

    private final SimpleAsyncTaskExecutor waits = new SimpleAsyncTaskExecutor("run-wait-");

    RunWaiter(RunDocuments documents, RunEndSignals runEnds) {
        this.documents = documents;
        this.runEnds = runEnds;
        waits.setVirtualThreads(true);
    }

    /**
     * The answer of a request that waits up to {@code wait}, computed on a virtual thread: the request's thread goes
     * back to Tomcat's pool at once (Spring MVC's async request processing), and the answer is written when ready.
     */
    WebAsyncTask<ResponseEntity<?>> later(Duration wait, Callable<ResponseEntity<?>> answer) {
        return new WebAsyncTask<>(wait.plus(ANSWER_MARGIN).toMillis(), waits, answer);
    }

    Optional<RunDocument> awaitEnd(String teamId, UUID id, Duration timeout) {
        // registered before the first read, so an end announced in between is not missed
        try (RunEndSignals.Signal ended = runEnds.watch(id)) {
            return awaitEnd(teamId, id, timeout, ended);
        }
    }

    private Optional<RunDocument> awaitEnd(String teamId, UUID id, Duration timeout, RunEndSignals.Signal ended) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        while (true) {
            Optional<RunStatus> status = currentStatus(teamId, id);
            if (status.isEmpty()) {
                return Optional.empty();
            }
            if (status.get().isTerminal()) {
                return documents.find(teamId, id);
            }
            long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMillis <= 0) {
                return Optional.empty();
            }
            try {
                ended.await(Math.min(pause, leftMillis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
        }
    }

    Optional<RunStatus> currentStatus(String teamId, UUID id) {
        return documents.status(teamId, id);
    }
}
