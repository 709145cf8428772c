package dev.k6runner.runner.intake;

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

import org.springframework.stereotype.Component;

import dev.k6runner.model.RunRequested;
import dev.k6runner.model.Topic;
import dev.k6runner.platform.kafka.EventCodec;
import dev.k6runner.platform.logging.RunMdc;
import dev.k6runner.runner.RunnerMetrics;
import dev.k6runner.runner.RunnerProperties;
import dev.k6runner.runner.claim.ClaimedRun;
import dev.k6runner.runner.claim.RunClaimer;
import dev.k6runner.runner.execution.RunExecutor;
import dev.k6runner.runner.execution.Slots;

/**
 * Takes run requests from the share group, one free slot at a time, on a dedicated platform thread. A record
 * is acknowledged ACCEPT right after its claim commits (or when the claim finds the run not queued: a duplicate),
 * RELEASEd when the database fails (it comes back), RELEASEd at once when no slot is free for it.
 */
@Component
public final class RunIntake {

    private static final Logger log = LoggerFactory.getLogger(RunIntake.class);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

    private final Supplier<ShareConsumer<String, String>> consumers;
    private final RunClaimer claimer;
    private final RunExecutor executor;
    private final Slots slots;
    private final EventCodec codec;
    private final RecordTracing tracing;
    private final RunnerMetrics metrics;
    private final Duration pollTimeout;
    private volatile boolean running;
    private volatile ShareConsumer<String, String> consumer;
    private Thread thread;

    /** @param consumers sets the share group up and gives a consumer in it; called once, on the intake's thread */
    public RunIntake(Supplier<ShareConsumer<String, String>> consumers, RunClaimer claimer, RunExecutor executor, Slots slots,
                     EventCodec codec, RecordTracing tracing, RunnerMetrics metrics, RunnerProperties properties) {
        this.consumers = consumers;
        this.claimer = claimer;
        this.executor = executor;
        this.slots = slots;
        this.codec = codec;
        this.tracing = tracing;
        this.metrics = metrics;
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
            while (running) {
                if (slots.acquire(pollTimeout)) {
                    pollWithSlot(shareConsumer);
                }
            }
        } catch (WakeupException e) {
            log.info("run intake stopped");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("run intake failed; this runner takes no more runs", e);
        } finally {
            // bounded: on shutdown the broker may already be gone
            shareConsumer.close(Duration.ofSeconds(5));
        }
    }

    /** Called holding one slot; the slot goes to the run claimed, or back. */
    private void pollWithSlot(ShareConsumer<String, String> shareConsumer) {
        ConsumerRecords<String, String> records;
        try {
            records = shareConsumer.poll(pollTimeout);
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
        boolean holdingSlot = true;
        int released = 0;
        for (ConsumerRecord<String, String> record : records) {
            if (!holdingSlot && !slots.tryAcquire()) {
                shareConsumer.acknowledge(record, AcknowledgeType.RELEASE);
                released++;
                continue;
            }
            tracing.observe(record, () -> take(shareConsumer, record));
            holdingSlot = false;
        }
        if (holdingSlot) {
            slots.release();
        }
        if (released > 0) {
            metrics.released(released);
            log.info("released {} run request(s): no free slot", released);
        }
        if (!records.isEmpty()) {
            commit(shareConsumer);
        }
    }

    /** Holding a slot for this record: passes it to the claimed run, or gives it back. Runs in the record's trace. */
    private void take(ShareConsumer<String, String> shareConsumer, ConsumerRecord<String, String> record) {
        RunRequested request;
        try {
            request = codec.decode(record.value(), RunRequested.class);
        } catch (EventCodec.UnreadableEventException e) {
            log.error("unreadable run request at {}-{}@{} rejected: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            shareConsumer.acknowledge(record, AcknowledgeType.REJECT);
            slots.release();
            return;
        }
        try (var _ = RunMdc.open(request.runId())) {
            Optional<ClaimedRun> claim = claimer.claim(request.runId());
            shareConsumer.acknowledge(record, AcknowledgeType.ACCEPT);
            if (claim.isPresent()) {
                log.info("claimed run '{}' of team {} (attempt {})", request.name(), request.teamId(), claim.get().attemptId());
                executor.submit(claim.get());
            } else {
                log.info("run request skipped: the run is not queued here (duplicate delivery, taken, cancelled or unknown)");
                slots.release();
            }
        } catch (DataAccessException e) {
            log.warn("claim failed on the database; run request released for redelivery: {}", e.getMessage());
            shareConsumer.acknowledge(record, AcknowledgeType.RELEASE);
            slots.release();
        }
    }

    private void commit(ShareConsumer<String, String> shareConsumer) {
        try {
            Map<?, ?> results = shareConsumer.commitSync(COMMIT_TIMEOUT);
            log.debug("acknowledgements committed for {} partition(s)", results.size());
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            // a lost ACCEPT only means a redelivery, which the claim turns into a skip
            log.warn("acknowledgement commit failed: {}", e.toString());
        }
    }

    public void close() throws InterruptedException {
        stopTaking();
    }
}
