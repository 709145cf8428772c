package dev.k6runner.runner.intake;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

import org.springframework.stereotype.Component;

import dev.k6runner.model.Topic;
import dev.k6runner.platform.logging.RunMdc;
import dev.k6runner.runner.RunnerProperties;
import dev.k6runner.runner.claim.ClaimedRun;
import dev.k6runner.runner.claim.RunClaimer;
import dev.k6runner.runner.execution.RunExecutor;
import dev.k6runner.runner.execution.Slots;

/**
 * Starts runs while a slot is free, on a dedicated platform thread: the database is the queue and the share group
 * the wake-up (architecture.md, "Fair dispatch"). Holding a free slot, it claims the fairest startable run
 * ({@link RunClaimer#claimNext()}); only when none may start does it poll the share group, and every record it gets
 * (ACCEPTed at once) wakes it to claim again. A run of this runner ending wakes the poll too, and when idle the poll
 * timeout is the periodic look at the database, so no run waits on a record that went elsewhere.
 */
@Component
public final class RunIntake {

    private static final Logger log = LoggerFactory.getLogger(RunIntake.class);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);
    private static final String TRACEPARENT = "traceparent";

    private final Supplier<ShareConsumer<String, String>> consumers;
    private final RunClaimer claimer;
    private final RunExecutor executor;
    private final Slots slots;
    private final RecordTracing tracing;
    private final Duration pollTimeout;
    private volatile boolean running;
    private volatile ShareConsumer<String, String> consumer;
    private Thread thread;

    /** @param consumers sets the share group up and gives a consumer in it; called once, on the intake's thread */
    public RunIntake(Supplier<ShareConsumer<String, String>> consumers, RunClaimer claimer, RunExecutor executor, Slots slots,
                     RecordTracing tracing, RunnerProperties properties) {
        this.consumers = consumers;
        this.claimer = claimer;
        this.executor = executor;
        this.slots = slots;
        this.tracing = tracing;
        this.pollTimeout = properties.pollTimeout();
    }

    public synchronized void start() {
        running = true;
        thread = Thread.ofPlatform().name("run-intake").start(this::loop);
    }

    /** Stops taking runs: no poll after this returns; runs already taken go on. */
    public void stopTaking() throws InterruptedException {
        running = false;
        ShareConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(Duration.ofSeconds(15));
        }
    }

    private void loop() {
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
            log.info("run intake stopped");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("run intake failed; this runner takes no more runs", e);
        } finally {
            slots.whenRunEnds(() -> { });
            // bounded: on shutdown the broker may already be gone
            shareConsumer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Holding one slot: the slot goes to the fairest startable run in the database; when none may start, the intake
     * waits for one wake-up (a run request, a run of this runner ending, or the poll timeout: the periodic check)
     * and gives the slot back, to claim again on the next turn.
     */
    private void useSlot(ShareConsumer<String, String> shareConsumer) {
        boolean slotTaken = false;
        try {
            slotTaken = claimAndStart();
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

    /** Claims the next run under the fair-share policy and starts it, in the trace its submission began. */
    private boolean claimAndStart() {
        Optional<RunClaimer.NextRun> next;
        try {
            next = claimer.claimNext();
        } catch (DataAccessException | TransactionException e) {
            // a hung or unreachable database fails the claim's transaction itself too (no connection to begin
            // with, a rollback that cannot reach the server): the run stays queued, the next turn claims again
            log.warn("claim failed on the database; queued runs stay queued: {}", e.getMessage());
            return false;
        }
        next.ifPresent(claimed -> tracing.observe(submission(claimed), () -> start(claimed.run())));
        return next.isPresent();
    }

    private void start(ClaimedRun run) {
        try (var _ = RunMdc.open(run.runId())) {
            log.info("claimed run '{}' of team {} (attempt {})", run.spec().name(), run.teamId(), run.attemptId());
            executor.submit(run);
        }
    }

    /** The run as its request record would carry it, so the claim continues the trace stored with the run. */
    private static ConsumerRecord<String, String> submission(RunClaimer.NextRun claimed) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>(Topic.Names.RUNS_REQUESTED, -1, -1L,
                claimed.run().runId().toString(), null);
        if (claimed.traceparent() != null) {
            record.headers().add(TRACEPARENT, claimed.traceparent().getBytes(StandardCharsets.UTF_8));
        }
        return record;
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
