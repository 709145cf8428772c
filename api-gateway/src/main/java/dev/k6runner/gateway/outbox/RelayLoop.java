package dev.k6runner.gateway.outbox;

import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.k6runner.gateway.GatewayProperties;

/**
 * Runs the relay on its own thread: woken by each commit ({@link RelayTrigger}), then lingering a few
 * milliseconds so the runs committed meanwhile go in the same batch, it publishes the runs whose ids the commits
 * handed over; every sweep interval, and when asked, it sweeps the queue for unpublished runs, so rows left by a
 * crash, an outage, another replica or the re-publish of stuck runs are published too.
 */
@Component
class RelayLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RelayLoop.class);

    private final OutboxRelay relay;
    private final RelayTrigger trigger;
    private final long sweepMillis;
    private final int batchSize;
    private final long lingerMillis;
    private volatile Thread thread;

    RelayLoop(OutboxRelay relay, RelayTrigger trigger, GatewayProperties properties) {
        this.relay = relay;
        this.trigger = trigger;
        this.sweepMillis = properties.relay().sweepInterval().toMillis();
        this.batchSize = properties.relay().batchSize();
        this.lingerMillis = properties.relay().linger().toMillis();
    }

    @Override
    public void start() {
        thread = Thread.ofPlatform().name("outbox-relay").daemon().start(this::loop);
    }

    private void loop() {
        long nextSweep = System.nanoTime(); // at once: rows an earlier life of a gateway left
        while (!Thread.currentThread().isInterrupted()) {
            try {
                publishCommitted(trigger.takeCommitted());
                // on the clock, not on a quiet interval: under steady submissions the relay is never idle that long
                if (trigger.takeSweepRequest() || System.nanoTime() - nextSweep >= 0) {
                    nextSweep = System.nanoTime() + sweepMillis * 1_000_000;
                    sweep();
                }
                if (trigger.await(sweepMillis) && lingerMillis > 0) {
                    // under load a wake-up per commit would publish runs one by one, a transaction and a flush each
                    Thread.sleep(lingerMillis);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("outbox relay pass failed, retrying on the next sweep: {}", e.getMessage());
                nextSweep = System.nanoTime(); // the ids taken are in the database still: the sweep finds them
                pause();
            }
        }
    }

    private void publishCommitted(List<UUID> ids) {
        for (int from = 0; from < ids.size(); from += batchSize) {
            relay.publishCommitted(ids.subList(from, Math.min(ids.size(), from + batchSize)));
        }
    }

    private void sweep() {
        // A full batch means more may be waiting; a short one means the outbox is empty (or Kafka is down).
        int settled;
        do {
            settled = relay.publishBatch();
        } while (settled >= batchSize && !Thread.currentThread().isInterrupted());
    }

    private void pause() {
        try {
            Thread.sleep(sweepMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        Thread running = thread;
        if (running != null) {
            running.interrupt();
            try {
                running.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
