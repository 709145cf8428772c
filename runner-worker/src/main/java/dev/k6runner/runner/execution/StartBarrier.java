package dev.k6runner.runner.execution;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start barrier of a test on several runners: each segment's k6 starts at the instant the placement wrote for
 * all of them, after its folder and {@code k6 inspect} are done, so they start together (k6's {@code --paused} and
 * REST resume are not used: no recording shows them). A stop request ends the wait early.
 */
final class StartBarrier {

    private static final Logger log = LoggerFactory.getLogger(StartBarrier.class);

    private StartBarrier() {
    }

    static void await(RunningRun run) throws InterruptedException {
        Instant at = run.claim().startAt();
        if (at == null) {
            return;
        }
        Duration wait = Duration.between(Instant.now(), at);
        if (!wait.isPositive()) {
            log.warn("segment {} reached the start barrier {} ms late", run.claim().segment().index(), wait.negated().toMillis());
            return;
        }
        try {
            run.stopRequested().get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return; // the barrier: every segment starts now
        } catch (ExecutionException e) {
            throw new IllegalStateException("a stop request cannot fail", e);
        }
    }
}
