package dev.k6runner.gateway.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.stereotype.Component;

import dev.k6runner.gateway.GatewayProperties;
import dev.k6runner.gateway.intake.IntakeStore.Outcome;
import dev.k6runner.gateway.intake.IntakeStore.Stored;
import dev.k6runner.gateway.intake.IntakeStore.Submission;
import dev.k6runner.gateway.query.ArrivalPositions;

/**
 * Group commit: a few writer threads store the submissions that arrive while they are busy, each batch in ONE
 * transaction ({@link IntakeStore#storeAll}), and answer every caller after that commit, with the positions of the
 * batch's new runs read in one statement. Under load a submission costs its statement, not a transaction, a
 * connection checkout and a commit of its own. A batch that fails as a whole (a bad submission's error, a
 * deadlock, the database gone) was rolled back, so nothing of it is stored; each of its submissions is then
 * stored alone, so only the one at fault fails (and, with the database gone, each caller gets that error).
 */
@Component
class GroupCommit implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    /** Only a submission queued as the gateway stops waits this long: a batch takes milliseconds. */
    private static final long ANSWER_TIMEOUT_SECONDS = 60;

    /** A submission's outcome, with the position of a new queued run (null: read it apart, or not queued). */
    record Settled(Outcome outcome, Long position) {
    }

    /** A submission and its caller's answer, completed after its batch's commit. */
    record Waiting(Submission submission, CompletableFuture<Settled> answer) {
        Waiting(Submission submission) {
            this(submission, new CompletableFuture<>());
        }
    }

    private final IntakeStore store;
    private final ArrivalPositions positions;
    private final int batchSize;
    private final List<BlockingQueue<Waiting>> queues = new ArrayList<>();
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running;

    GroupCommit(IntakeStore store, ArrivalPositions positions, GatewayProperties properties) {
        this.store = store;
        this.positions = positions;
        this.batchSize = properties.intake().batchSize();
        for (int writer = 0; writer < properties.intake().writers(); writer++) {
            queues.add(new LinkedBlockingQueue<>());
        }
    }

    /** Stores one submission with whichever others wait meanwhile; returns after its batch's commit. */
    Settled store(Submission submission) {
        if (!running) {
            throw new TransientDataAccessResourceException("the gateway is stopping: nothing was stored");
        }
        Waiting waiting = new Waiting(submission);
        queues.get(Math.floorMod(submission.teamId().hashCode(), queues.size())).add(waiting);
        try {
            return waiting.answer().get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            throw new TransientDataAccessResourceException("no writer took the submission: " + e);
        }
    }

    private void write(BlockingQueue<Waiting> queue) {
        List<Waiting> batch = new ArrayList<>(batchSize);
        while (running || !queue.isEmpty()) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException stopping) {
                break;
            }
            queue.drainTo(batch, batchSize - 1);
            settle(batch);
            batch.clear();
        }
        refuseWaiting(queue);
    }

    /** Stores one batch and completes each answer: what a writer does with what it took from its queue. */
    void settle(List<Waiting> batch) {
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

    private static void refuseWaiting(BlockingQueue<Waiting> queue) {
        List<Waiting> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(w -> w.answer().completeExceptionally(
                new TransientDataAccessResourceException("the gateway is stopping: nothing was stored")));
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < queues.size(); i++) {
            BlockingQueue<Waiting> queue = queues.get(i);
            writers.add(Thread.ofPlatform().name("intake-writer-" + i).daemon().start(() -> write(queue)));
        }
    }

    @Override
    public void stop() {
        running = false;
        writers.forEach(Thread::interrupt);
        for (Thread writer : writers) {
            try {
                writer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writers.clear();
    }

    /** Started before the web server and stopped after it, so every request it served is answered. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 4096;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
