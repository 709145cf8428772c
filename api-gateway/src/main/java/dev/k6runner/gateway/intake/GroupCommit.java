package dev.k6runner.gateway.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.k6runner.gateway.GatewayProperties;
import dev.k6runner.gateway.intake.IntakeStore.Outcome;
import dev.k6runner.gateway.intake.IntakeStore.Stored;
import dev.k6runner.gateway.intake.IntakeStore.Submission;
import dev.k6runner.gateway.query.ArrivalPositions;

/**
 * Group commit, led by the callers themselves: a submission joins its partition's queue, then takes the
 * partition's lock; whoever holds it stores everything queued meanwhile (up to the batch size) in ONE
 * transaction ({@link IntakeStore#storeAll}), reads the new runs' positions in one statement, and answers each
 * caller after that commit. A caller whose submission a previous holder settled finds it done and leaves. So a
 * lone submission is stored at once by its own request thread (no hand-off to another thread, which on a busy
 * machine costs a scheduling delay per batch), and under load a submission costs its statement, not a
 * transaction, a connection checkout and a commit of its own. A batch that fails as a whole (a bad submission's
 * error, a deadlock, the database gone) was rolled back, so nothing of it is stored; each of its submissions is
 * then stored alone, so only the one at fault fails (and, with the database gone, each caller gets that error).
 * A team's submissions always share one partition: two batches of one team never run at once, so they never
 * wait for each other on backlog slots (each holding slots the other probes: a deadlock).
 */
@Component
class GroupCommit {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    /** How long a follower waits for its answer before it tries to lead (see awaitOrLead). */
    private static final long FOLLOWER_WAIT_MICROS = 2_000;
    /** Batches one lock holder stores before it leaves with its own answer (it was in the first). */
    private static final int MAX_BATCHES_PER_LEAD = 4;

    /** A submission's outcome, with the position of a new queued run (null: read it apart, or not queued). */
    record Settled(Outcome outcome, Long position) {
    }

    /** A submission and its caller's answer, completed after its batch's commit. */
    record Waiting(Submission submission, CompletableFuture<Settled> answer) {
        Waiting(Submission submission) {
            this(submission, new CompletableFuture<>());
        }
    }

    private record Partition(BlockingQueue<Waiting> queue, ReentrantLock lock) {
    }

    private final IntakeStore store;
    private final ArrivalPositions positions;
    private final int batchSize;
    private final List<Partition> partitions = new ArrayList<>();

    GroupCommit(IntakeStore store, ArrivalPositions positions, GatewayProperties properties) {
        this.store = store;
        this.positions = positions;
        this.batchSize = properties.intake().batchSize();
        for (int partition = 0; partition < properties.intake().partitions(); partition++) {
            partitions.add(new Partition(new LinkedBlockingQueue<>(), new ReentrantLock()));
        }
    }

    /** Stores one submission with whichever others wait meanwhile; returns after its batch's commit. */
    Settled store(Submission submission) {
        Partition partition = partitions.get(Math.floorMod(submission.teamId().hashCode(), partitions.size()));
        Waiting waiting = new Waiting(submission);
        partition.queue().add(waiting);
        while (!waiting.answer().isDone()) {
            if (partition.lock().tryLock()) {
                try {
                    lead(partition);
                } finally {
                    partition.lock().unlock();
                }
            } else {
                awaitOrLead(waiting);
            }
        }
        return answerOf(waiting);
    }

    /** Stores what is queued, batch after batch, until the queue is empty or a few batches were stored. */
    private void lead(Partition partition) {
        for (int round = 0; round < MAX_BATCHES_PER_LEAD && !partition.queue().isEmpty(); round++) {
            List<Waiting> batch = new ArrayList<>(batchSize);
            partition.queue().drainTo(batch, batchSize);
            settle(batch);
        }
    }

    /*
     * A follower waits for its answer, not for the lock: the holder's batch most likely has it, and then the
     * follower wakes with its answer; waiting on the lock, every follower would take and release it in turn just
     * to find its answer there. The holder stores batch after batch while submissions wait (up to a few), so a
     * follower queued after a drain is taken by the next one; only one queued as the holder leaves waits this
     * long before it tries to lead itself.
     */
    private static void awaitOrLead(Waiting waiting) {
        try {
            waiting.answer().get(FOLLOWER_WAIT_MICROS, TimeUnit.MICROSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // not settled yet (or failed: answerOf reports it)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Settled answerOf(Waiting waiting) {
        try {
            return waiting.answer().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /**
     * Stores one batch and completes each answer: what the lock's holder does with what it took from the queue.
     * Every answer is completed on the way out, whatever happened: its caller no longer sits in the queue.
     */
    void settle(List<Waiting> batch) {
        try {
            storeAndAnswer(batch);
        } finally {
            batch.stream().filter(w -> !w.answer().isDone()).forEach(w -> w.answer().completeExceptionally(
                    new IllegalStateException("the submission's batch ended without settling it")));
        }
    }

    private void storeAndAnswer(List<Waiting> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<Outcome> outcomes;
        try {
            outcomes = store.storeAll(batch.stream().map(Waiting::submission).toList());
        } catch (RuntimeException batchFailed) {
            if (batch.size() > 1) {
                log.debug("a batch of {} submissions was rolled back ({}); storing each alone", batch.size(), batchFailed.toString());
            }
            batch.forEach(this::settleAlone);
            return;
        }
        Map<UUID, Long> queuedAt = positionsOf(outcomes);
        for (int i = 0; i < batch.size(); i++) {
            Outcome outcome = outcomes.get(i);
            Long position = outcome instanceof Stored(var run) && !run.replayed() ? queuedAt.get(run.id()) : null;
            batch.get(i).answer().complete(new Settled(outcome, position));
        }
    }

    private void settleAlone(Waiting waiting) {
        try {
            waiting.answer().complete(new Settled(store.store(waiting.submission()), null));
        } catch (RuntimeException e) {
            waiting.answer().completeExceptionally(e);
        }
    }

    /** After the commit: a failure here must not turn stored runs into errors; each caller then reads its own. */
    private Map<UUID, Long> positionsOf(List<Outcome> outcomes) {
        List<UUID> fresh = outcomes.stream().filter(o -> o instanceof Stored(var run) && !run.replayed())
                .map(o -> ((Stored) o).run().id()).toList();
        try {
            return fresh.isEmpty() ? Map.of() : positions.positionsOf(fresh);
        } catch (RuntimeException e) {
            log.warn("reading the queue positions of {} new runs failed: {}", fresh.size(), e.getMessage());
            return Map.of();
        }
    }
}
