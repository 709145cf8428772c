package dev.k6runner.runner.intake;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

import dev.k6runner.model.Topic;
import dev.k6runner.platform.logging.RunMdc;
import dev.k6runner.runner.claim.ClaimedRun;
import dev.k6runner.runner.claim.RunClaimer;
import dev.k6runner.runner.execution.RunExecutor;

/**
 * The intake's step from a claim to a slot: claim the fairest run, hand it to its slot thread in its submission's
 * trace, and give it back to the queue when anything fails in between, so a failure of the intake loses no run.
 */
final class ClaimHandover {

    private static final Logger log = LoggerFactory.getLogger(ClaimHandover.class);
    private static final String TRACEPARENT = "traceparent";

    private final RunClaimer claimer;
    private final RunExecutor executor;
    private final RecordTracing tracing;
    private final int throwEvery;
    private final AtomicLong claims = new AtomicLong();

    ClaimHandover(RunClaimer claimer, RunExecutor executor, RecordTracing tracing, int throwEvery) {
        this.claimer = claimer;
        this.executor = executor;
        this.tracing = tracing;
        this.throwEvery = throwEvery;
    }

    /**
     * Claims the next run under the fair-share policy and starts it, in the trace its submission began. A failure
     * after the claim committed and before the run reached its slot gives the run back to the queue, then goes on up
     * (the loop restarts); after the run reached its slot, the slot is the run's and the failure only logged.
     */
    boolean claimAndStart() {
        Optional<RunClaimer.NextRun> next;
        try {
            next = claimer.claimNext();
        } catch (DataAccessException e) {
            log.warn("claim failed on the database; queued runs stay queued: {}", e.getMessage());
            return false;
        }
        if (next.isEmpty()) {
            return false;
        }
        RunClaimer.NextRun claimed = next.get();
        AtomicBoolean handedOver = new AtomicBoolean();
        try {
            injectFault(claimed.run());
            tracing.observe(submission(claimed), () -> {
                start(claimed.run());
                handedOver.set(true);
            });
        } catch (RuntimeException e) {
            if (!handedOver.get()) {
                giveBack(claimed.run(), e);
                throw e;
            }
            log.warn("run intake: a failure after run {} reached its slot: {}", claimed.run().runId(), e.toString());
        }
        return true;
    }

    /** The run never reached a slot: back to the queue, so that a runner (this one, restarted) takes it again. */
    private void giveBack(ClaimedRun run, RuntimeException cause) {
        try (var _ = RunMdc.open(run.runId())) {
            boolean returned = claimer.returnUnstarted(run.runId(), run.attemptId());
            log.warn("run intake failed after the claim of run '{}' ({}); the run {}", run.spec().name(), cause.toString(),
                    returned ? "is back in the queue" : "was no longer this runner's to give back");
        } catch (RuntimeException e) {
            log.error("run intake could not give back run {} ({}); its lease expires and the reaper interrupts it",
                    run.runId(), e.toString());
        }
    }

    /** {@code k6runner.faults.intake-throw-every}: the soak's and the tests' intake that throws after a claim. */
    private void injectFault(ClaimedRun run) {
        if (throwEvery > 0 && claims.incrementAndGet() % throwEvery == 0) {
            throw new IllegalStateException("injected intake fault after the claim of run " + run.runId()
                    + " (k6runner.faults.intake-throw-every=" + throwEvery + ")");
        }
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
}
