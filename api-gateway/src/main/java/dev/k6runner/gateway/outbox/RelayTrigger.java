package dev.k6runner.gateway.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

/**
 * Wakes the relay right after a commit, so a new run reaches Kafka without waiting for the sweep. A commit hands
 * over its runs' ids, which the relay marks by primary key (the outbox has no index of its own: V25); a wake-up
 * without ids asks for a sweep of the queued runs instead.
 */
@Component
public class RelayTrigger {

    /** Ids held for the relay at most; beyond, the sweep finds the runs in the database (a stalled relay's memory). */
    static final int MAX_PENDING_IDS = 10_000;

    private final Semaphore signal = new Semaphore(0);
    private final ConcurrentLinkedQueue<UUID> committed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean sweepAsked = new AtomicBoolean();

    /** A run just committed to the outbox (unpublished). */
    public void committed(UUID run) {
        if (pending.incrementAndGet() <= MAX_PENDING_IDS) {
            committed.add(run);
        } else {
            pending.decrementAndGet();
            sweepAsked.set(true);
        }
        signal();
    }

    /** Unpublished runs whose ids this gateway does not hold (re-published ones): the relay sweeps. */
    public void wake() {
        sweepAsked.set(true);
        signal();
    }

    private void signal() {
        if (signal.availablePermits() == 0) {
            signal.release();
        }
    }

    /** @return true when woken, false when the sweep interval passed */
    boolean await(long timeoutMillis) throws InterruptedException {
        boolean woken = signal.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS);
        signal.drainPermits();
        return woken;
    }

    /** The ids committed since the last call, in commit order. */
    List<UUID> takeCommitted() {
        List<UUID> taken = new ArrayList<>();
        for (UUID id = committed.poll(); id != null; id = committed.poll()) {
            taken.add(id);
        }
        pending.addAndGet(-taken.size());
        return taken;
    }

    /** @return whether a sweep was asked for since the last call */
    boolean takeSweepRequest() {
        return sweepAsked.getAndSet(false);
    }
}
