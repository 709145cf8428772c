package dev.k6runner.runner.execution;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for k6 to end, and stops it when asked (cancel, shutdown, lost lease) or at the run's time limit: SIGTERM
 * first, which k6 answers with a graceful stop that still writes its summary (exit 105); SIGKILL to the whole
 * tree if it is still there after the grace period.
 */
final class K6Supervisor {

    private static final Logger log = LoggerFactory.getLogger(K6Supervisor.class);
    private static final long LOOK_FOR_K6_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** @param killed true when SIGTERM was not enough */
    record Ending(int exitCode, boolean killed) {
    }

    private final Duration stopGrace;

    K6Supervisor(Duration stopGrace) {
        this.stopGrace = stopGrace;
    }

    Ending superviseUntilExit(K6Process k6, RunningRun run, Duration limit) throws InterruptedException {
        try {
            CompletableFuture.anyOf(k6.onExit(), run.stopRequested()).get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            run.requestStop(StopReason.TIME_LIMIT);
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for k6 failed", e);
        }
        boolean killed = !k6.onExit().isDone() && stop(k6);
        return new Ending(k6.process().waitFor(), killed);
    }

    /** @return true when k6 had to be killed */
    private boolean stop(K6Process k6) throws InterruptedException {
        long deadline = System.nanoTime() + stopGrace.toNanos();
        boolean signalled = false;
        while (System.nanoTime() < deadline) {
            if (!signalled) {
                signalled = k6.terminate();
            }
            long wait = signalled ? deadline - System.nanoTime() : Math.min(LOOK_FOR_K6_NANOS, deadline - System.nanoTime());
            try {
                k6.onExit().get(Math.max(1, wait), TimeUnit.NANOSECONDS);
                return false;
            } catch (TimeoutException e) {
                // not yet: look for k6 again, or fall through to SIGKILL at the deadline
            } catch (ExecutionException e) {
                throw new IllegalStateException("waiting for k6 failed", e);
            }
        }
        log.warn("k6 did not stop within {} of SIGTERM: SIGKILL", stopGrace);
        k6.kill();
        return true;
    }
}
