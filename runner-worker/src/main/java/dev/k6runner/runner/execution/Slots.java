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

    public int capacity() {
        return capacity;
    }

    public int busy() {
        return capacity - free.availablePermits();
    }
}
