package dev.k6runner.runner.loops;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loop on its own platform thread that outlives its failures: whatever its body throws, it starts the body again
 * after a backoff that doubles up to a bound, and counts the restart. A body returns only when it was asked to stop
 * (its owner's flag), so a body that returns while the loop still runs is restarted too.
 */
public final class SupervisedLoop {

    /** One life of the loop: sets up what it needs, loops until its owner stops it, and cleans up. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private static final Logger log = LoggerFactory.getLogger(SupervisedLoop.class);

    private final String name;
    private final Body body;
    private final LoopProperties properties;
    private final Counter restarts;
    private final Object pause = new Object();
    private volatile LoopState state = LoopState.STOPPED;
    private volatile boolean stopped;
    private Thread thread;

    SupervisedLoop(String name, Body body, LoopProperties properties, Counter restarts) {
        this.name = name;
        this.body = body;
        this.properties = properties;
        this.restarts = restarts;
    }

    public synchronized void start() {
        stopped = false;
        thread = Thread.ofPlatform().name("run-" + name).start(this::supervise);
    }

    /** No restart after this; a backoff under way ends at once. The owner then makes its body return. */
    public void stop() {
        stopped = true;
        synchronized (pause) {
            pause.notifyAll();
        }
    }

    /** Waits up to {@code wait} for the loop's thread to end (after {@link #stop()}). */
    public void join(Duration wait) throws InterruptedException {
        Thread current;
        synchronized (this) {
            current = thread;
        }
        if (current != null) {
            current.join(wait);
        }
    }

    public LoopState state() {
        return state;
    }

    /** An Error (out of memory, a linkage error) ends the loop: STOPPED then, so health says DOWN and intake false. */
    private void supervise() {
        try {
            restartUntilStopped();
        } finally {
            state = LoopState.STOPPED;
        }
    }

    private void restartUntilStopped() {
        Duration backoff = properties.initialBackoff();
        while (!stopped) {
            long startedAt = System.nanoTime();
            state = LoopState.RUNNING;
            try {
                body.run();
                if (stopped) {
                    break;
                }
                log.error("{} loop returned while it should run; starting it again", name);
            } catch (InterruptedException e) {
                if (stopped) {
                    break;
                }
                log.error("{} loop interrupted while it should run; starting it again", name);
            } catch (Exception e) {
                log.error("{} loop failed; starting it again in {}", name, backoff, e);
            }
            if (Duration.ofNanos(System.nanoTime() - startedAt).compareTo(properties.healthyAfter()) >= 0) {
                backoff = properties.initialBackoff();
            }
            state = LoopState.RESTARTING;
            restarts.increment();
            waitOut(backoff);
            backoff = min(backoff.multipliedBy(2), properties.maxBackoff());
        }
    }

    private void waitOut(Duration backoff) {
        long deadline = System.nanoTime() + backoff.toNanos();
        synchronized (pause) {
            long left;
            while (!stopped && (left = deadline - System.nanoTime()) > 0) {
                try {
                    pause.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
