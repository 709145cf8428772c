package dev.k6runner.runner.segments;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import dev.k6runner.model.RunFinished;
import dev.k6runner.model.Topic;
import dev.k6runner.platform.kafka.EventCodec;

/**
 * A segment's result: stored with its segment ({@link SegmentStore#finish}); when it ended the test, the test's end
 * is announced on {@code k6.runs.finished} (with a segment, so the analyzer merges every segment's stored result).
 */
@Component
public class SegmentResults {

    private static final Logger log = LoggerFactory.getLogger(SegmentResults.class);
    private static final int STORE_ATTEMPTS = 5;

    private final SegmentStore store;
    private final KafkaTemplate<String, String> kafka;
    private final EventCodec codec;

    public SegmentResults(SegmentStore store, KafkaTemplate<String, String> kafka, EventCodec codec) {
        this.store = store;
        this.kafka = kafka;
        this.codec = codec;
    }

    /** @return false when refused: a duplicate, or a late result of a segment declared dead */
    public boolean publish(RunFinished result, Instant k6StartedAt) {
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

    /** A deadlock with another runner ending a sibling at the same moment, or a blip, is retried. */
    private Optional<Optional<RunFinished>> finishWithRetries(RunFinished result, Instant k6StartedAt) {
        for (int attempt = 1; ; attempt++) {
            try {
                return store.finish(result, k6StartedAt);
            } catch (DataAccessException e) {
                if (attempt == STORE_ATTEMPTS) {
                    throw e;
                }
                log.warn("storing segment {}'s result failed (attempt {}), retrying: {}", result.segment().index(), attempt,
                        e.getMessage());
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
