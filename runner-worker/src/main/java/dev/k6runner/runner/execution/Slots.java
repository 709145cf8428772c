package dev.k6runner.runner.execution;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** One slot per concurrent k6. Taken before a run request is even polled, given back when its result is published. */
public final class Slots {

    private final int capacity;
    private final Semaphore free;

    public Slots(int capacity) {
        this.capacity = capacity;
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

    public int capacity() {
        return capacity;
    }

    public int busy() {
        return capacity - free.availablePermits();
    }
}
