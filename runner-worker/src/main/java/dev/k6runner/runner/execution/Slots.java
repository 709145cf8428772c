package dev.k6runner.runner.execution;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

import dev.k6runner.runner.RunnerProperties;

/** One slot per concurrent k6. Taken before a run request is even polled, given back when its result is published. */
@Component
public final class Slots {

    private final int capacity;
    private final Semaphore free;

    private volatile Runnable whenRunEnds = () -> { };

    public Slots(RunnerProperties properties) {
        this.capacity = properties.slots();
        this.free = new Semaphore(capacity);
    }

    /** Waits up to {@code wait} for a free slot. */
    public boolean acquire(Duration wait) throws InterruptedException {
        return free.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean tryAcquire() {
        return free.tryAcquire();
    }

    public void release() {
        free.release();
    }

    /** What to do when a run gives its slot back: the intake wakes up, since the next run may be startable now. */
    public void whenRunEnds(Runnable action) {
        whenRunEnds = action;
    }

    /** A run's slot given back: frees it and signals {@link #whenRunEnds}. */
    public void releaseAfterRun() {
        free.release();
        whenRunEnds.run();
    }

    public int capacity() {
        return capacity;
    }

    public int busy() {
        return capacity - free.availablePermits();
    }
}
