package dev.k6runner.gateway.outbox;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

/** Wakes the relay right after a commit, so a new run reaches Kafka without waiting for the sweep. */
@Component
public class RelayTrigger {

    private final Semaphore signal = new Semaphore(0);

    public void wake() {
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
}
