package dev.k6runner.runner.segments;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import dev.k6runner.model.RunFinished;
import dev.k6runner.model.Topic;
import dev.k6runner.platform.kafka.EventCodec;
import dev.k6runner.runner.publish.PendingResult;
import dev.k6runner.runner.publish.ResultDestination;
import dev.k6runner.runner.publish.ResultOutbox;
import dev.k6runner.runner.publish.StoreAnswer;

/**
 * A segment's result, never lost, exactly as a single run's: through the {@link ResultOutbox} (on disk first, then
 * stored with its segment by {@link SegmentStore#finish}, tried until the database answers; the segment stays held
 * meanwhile, so its lease is renewed; a copy left by a restart is replayed). When it ended the test, the test's end is
 * announced on {@code k6.runs.finished} (with a segment, so the analyzer merges every segment's stored result). A late
 * result of a segment declared dead is kept in {@code orphan_results}.
 */
@Component
public class SegmentResults implements ResultDestination {

    private static final Logger log = LoggerFactory.getLogger(SegmentResults.class);
    private final SegmentStore store;
    private final ResultOutbox outbox;
    private final KafkaTemplate<String, String> kafka;
    private final EventCodec codec;

    public SegmentResults(SegmentStore store, ResultOutbox outbox, KafkaTemplate<String, String> kafka, EventCodec codec) {
        this.store = store;
        this.outbox = outbox;
        this.kafka = kafka;
        this.codec = codec;
    }

    /** @return false when refused: a late result of a segment declared dead, kept as an orphan */
    public boolean publish(RunFinished result, Instant k6StartedAt) throws InterruptedException {
        PendingResult pending = new PendingResult(result, k6StartedAt);
        outbox.keep(pending);
        return publishStored(pending);
    }

    @Override
    public boolean takes(PendingResult pending) {
        return pending.result().segment() != null;
    }

    /** A deadlock with another runner ending a sibling at the same moment is retried like an outage. */
    @Override
    public boolean publishStored(PendingResult pending) throws InterruptedException {
        RunFinished result = pending.result();
        SegmentStore.Finished finished = outbox.untilAnswered(result, () -> store.finish(result, pending.k6StartedAt()));
        if (finished.answer() == StoreAnswer.STORED) {
            log.info("segment {} ({}) ended {}", result.segment().index(), result.segment().executionSegment(),
                    result.outcome().wireName());
            finished.end().ifPresent(this::announce);
        }
        return outbox.answered(result, finished.answer());
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
