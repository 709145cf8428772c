package dev.k6runner.runner.publish;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.k6runner.platform.logging.RunMdc;

/**
 * At start, publishes the results, single runs' and segments', a previous life of this runner stored on disk but did
 * not see answered by Postgres (it was stopped or killed while the database was away, or between the commit and the
 * clean-up), each through the {@link ResultDestination} that takes it.
 * Each is applied at most once: one already stored or orphaned is only removed from disk. The list is taken
 * before the runner takes runs (an earlier phase than the runner's lifecycle), and published on a thread of its
 * own, so a database still away delays no start.
 */
@Component
final class ResultReplay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ResultReplay.class);

    private final ResultOutbox outbox;
    private final ResultArchive archive;
    private final List<ResultDestination> destinations;
    private volatile Thread replaying;

    ResultReplay(ResultOutbox outbox, ResultArchive archive, List<ResultDestination> destinations) {
        this.outbox = outbox;
        this.archive = archive;
        this.destinations = destinations;
    }

    @Override
    public void start() {
        List<PendingResult> stored = outbox.pending();
        if (!stored.isEmpty()) {
            log.warn("replaying {} finished result(s) stored on disk but not yet answered by Postgres", stored.size());
        }
        replaying = Thread.ofPlatform().name("result-replay").daemon(true).start(() -> replayAll(stored));
    }

    /** Publishes each stored result, as the slot that produced it would have. */
    void replayAll(List<PendingResult> stored) {
        for (PendingResult pending : stored) {
            try (var _ = RunMdc.open(pending.result().runId())) {
                archive.write(pending.result(), destinationOf(pending).publishStored(pending));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.info("replay stopped by shutdown; the stored results stay on disk for the next start");
                return;
            } catch (RuntimeException e) {
                log.error("replaying a stored result failed; it stays on disk for the next start", e);
            }
        }
    }

    private ResultDestination destinationOf(PendingResult pending) {
        return destinations.stream().filter(destination -> destination.takes(pending)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no destination takes " + pending.result().runId()));
    }

    @Override
    public void stop() {
        Thread thread = replaying;
        if (thread != null) {
            thread.interrupt();
        }
        replaying = null;
    }

    @Override
    public boolean isRunning() {
        return replaying != null;
    }

    /** Before the runner's own lifecycle ({@link SmartLifecycle#DEFAULT_PHASE}) starts taking runs. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 1;
    }
}
