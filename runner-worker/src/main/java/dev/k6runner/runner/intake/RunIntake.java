package dev.k6runner.runner.intake;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import dev.k6runner.model.Topic;
import dev.k6runner.runner.RunnerProperties;
import dev.k6runner.runner.claim.RunClaimer;
import dev.k6runner.runner.execution.RunExecutor;
import dev.k6runner.runner.execution.Slots;
import dev.k6runner.runner.loops.Loops;
import dev.k6runner.runner.loops.SupervisedLoop;
import dev.k6runner.runner.quarantine.Quarantine;

/**
 * Starts runs while a slot is free, on a dedicated platform thread: the database is the queue and the share group
 * the wake-up (architecture.md, "Fair dispatch"). Holding a free slot, it claims the fairest startable run
 * ({@link RunClaimer#claimNext()}); only when none may start does it poll the share group, and every record it gets
 * (ACCEPTed at once) wakes it to claim again. A run of this runner ending wakes the poll too, and when idle the poll
 * timeout is the periodic look at the database, so no run waits on a record that went elsewhere.
 *
 * <p>The loop is supervised ({@link Loops}): whatever it throws, it starts again with a new consumer after a
 * backoff. A run claimed but not yet handed to its slot when it throws goes back to the queue. While the runner is
 * quarantined ({@link Quarantine}) it claims nothing.
 */
@Component
public final class RunIntake {

    private static final Logger log = LoggerFactory.getLogger(RunIntake.class);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

    private final Supplier<ShareConsumer<String, String>> consumers;
    private final Slots slots;
    private final Duration pollTimeout;
    private final Quarantine quarantine;
    private final SupervisedLoop loop;
    private final ClaimHandover handover;
    private volatile boolean running;
    private volatile ShareConsumer<String, String> consumer;

    /** @param consumers sets the share group up and gives a consumer in it; called on each (re)start of the loop */
    public RunIntake(Supplier<ShareConsumer<String, String>> consumers, RunClaimer claimer, RunExecutor executor, Slots slots,
                     RecordTracing tracing, RunnerProperties properties, Loops loops, Quarantine quarantine, FaultProperties faults) {
        this.consumers = consumers;
        this.handover = new ClaimHandover(claimer, executor, tracing, faults.intakeThrowEvery());
        this.slots = slots;
        this.pollTimeout = properties.pollTimeout();
        this.quarantine = quarantine;
        this.loop = loops.supervise(Loops.INTAKE, this::takeRuns);
    }

    public synchronized void start() {
        running = true;
        loop.start();
    }

    /** Stops taking runs: no poll after this returns; runs already taken go on. */
    public void stopTaking() throws InterruptedException {
        running = false;
        loop.stop();
        ShareConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        loop.join(Duration.ofSeconds(15));
    }

    /** One life of the intake loop, with a consumer of its own; anything it throws restarts it (its supervisor's job). */
    private void takeRuns() throws InterruptedException {
        ShareConsumer<String, String> shareConsumer = consumers.get();
        consumer = shareConsumer;
        try {
            shareConsumer.subscribe(List.of(Topic.Names.RUNS_REQUESTED));
            slots.whenRunEnds(shareConsumer::wakeup);
            while (running) {
                if (slots.acquire(pollTimeout)) {
                    useSlot(shareConsumer);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
            log.info("run intake stopped");
        } finally {
            slots.whenRunEnds(() -> { });
            consumer = null;
            closeQuietly(shareConsumer);
        }
    }

    private static void closeQuietly(ShareConsumer<String, String> shareConsumer) {
        try {
            // bounded: on shutdown the broker may already be gone
            shareConsumer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            log.warn("closing the run intake's consumer failed: {}", e.toString());
        }
    }

    /**
     * Holding one slot: the slot goes to the fairest startable run in the database; when none may start, the intake
     * waits for one wake-up (a run request, a run of this runner ending, or the poll timeout: the periodic check)
     * and gives the slot back, to claim again on the next turn.
     */
    private void useSlot(ShareConsumer<String, String> shareConsumer) throws InterruptedException {
        boolean slotTaken = false;
        try {
            if (quarantine.active()) {
                quarantine.awaitRelease(pollTimeout);
                return;
            }
            slotTaken = handover.claimAndStart();
            if (!slotTaken) {
                awaitWakeUp(shareConsumer);
            }
        } finally {
            if (!slotTaken) {
                slots.release();
            }
        }
    }

    /**
     * Polls the share group. Every record is only a wake-up: the database says which run starts next, so each is
     * ACCEPTed at once, and no record is ever handed on to another runner.
     *
     */
    private void awaitWakeUp(ShareConsumer<String, String> shareConsumer) {
        ConsumerRecords<String, String> records;
        try {
            records = shareConsumer.poll(pollTimeout);
        } catch (WakeupException e) {
            if (!running) {
                throw e;
            }
            return;
        }
        for (ConsumerRecord<String, String> record : records) {
            shareConsumer.acknowledge(record, AcknowledgeType.ACCEPT);
        }
        if (!records.isEmpty()) {
            commit(shareConsumer);
        }
    }

    private void commit(ShareConsumer<String, String> shareConsumer) {
        try {
            Map<?, ?> results = shareConsumer.commitSync(COMMIT_TIMEOUT);
            log.debug("acknowledgements committed for {} partition(s)", results.size());
        } catch (WakeupException e) {
            if (!running) {
                throw e;
            }
            // a run ended meanwhile: the acknowledgements go with the next poll
        } catch (RuntimeException e) {
            // a lost ACCEPT only means a redelivery: one more wake-up
            log.warn("acknowledgement commit failed: {}", e.toString());
        }
    }

    public void close() throws InterruptedException {
        stopTaking();
    }
}
