package dev.k6runner.runner.segments;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

import dev.k6runner.model.RunFinished;
import dev.k6runner.model.Topic;
import dev.k6runner.platform.kafka.EventCodec;
import dev.k6runner.runner.publish.ResultPublishingProperties;

/**
 * A segment's result: stored with its segment ({@link SegmentStore#finish}); when it ended the test, the test's end
 * is announced on {@code k6.runs.finished} (with a segment, so the analyzer merges every segment's stored result).
 */
@Component
public class SegmentResults {

    private static final Logger log = LoggerFactory.getLogger(SegmentResults.class);
    private final SegmentStore store;
    private final KafkaTemplate<String, String> kafka;
    private final EventCodec codec;
    private final ResultPublishingProperties retries;

    public SegmentResults(SegmentStore store, KafkaTemplate<String, String> kafka, EventCodec codec,
                          ResultPublishingProperties retries) {
        this.retries = retries;
        this.store = store;
        this.kafka = kafka;
        this.codec = codec;
    }

    /** @return false when refused: a duplicate, or a late result of a segment declared dead */
    public boolean publish(RunFinished result, Instant k6StartedAt) throws InterruptedException {
        Optional<Optional<RunFinished>> stored = finishWithRetries(result, k6StartedAt);
        if (stored.isEmpty()) {
            log.warn("segment {} result refused: this runner no longer holds it (declared dead, or already ended)",
                    result.segment().index());
            return false;
        }
        log.info("segment {} ({}) ended {}", result.segment().index(), result.segment().executionSegment(),
                result.outcome().wireName());
        stored.get().ifPresent(this::announce);
        return true;
    }

    /**
     * A deadlock with another runner ending a sibling at the same moment, a blip or an outage is retried, as a single
     * run's result is, without giving up: the run stays held meanwhile, so the heartbeat keeps the segment's lease.
     */
    private Optional<Optional<RunFinished>> finishWithRetries(RunFinished result, Instant k6StartedAt)
            throws InterruptedException {
        Duration pause = retries.firstPause();
        for (int attempt = 1; ; attempt++) {
            try {
                return store.finish(result, k6StartedAt);
            } catch (DataAccessException | TransactionException e) {
                log.warn("storing segment {}'s result failed (attempt {}), retrying in {} ms: {}", result.segment().index(),
                        attempt, pause.toMillis(), e.getMessage());
                Thread.sleep(pause);
                pause = retries.after(pause);
            }
        }
    }

    /** The end of a test, for the analyzer; lost, the run stays analyzing and the analyzer's sweep finds it. */
    public void announce(RunFinished end) {
        try {
            kafka.send(Topic.RUNS_FINISHED.topicName(), end.runId().toString(), codec.encode(end)).get(30, TimeUnit.SECONDS);
            log.info("test on {} runners ended {} ({}), announced", end.segment().count(), end.outcome().wireName(),
                    end.statusReason());
        } catch (Exception e) {
            log.warn("test ended but its end was not confirmed by Kafka: {}", e.toString());
        }
    }
}
