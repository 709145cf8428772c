package dev.k6runner.analyzer.segments;

import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.k6runner.analyzer.merge.MergedAbortThresholds;
import dev.k6runner.platform.logging.RunMdc;

/**
 * abortOnFail for tests on several runners: each k6 evaluates its thresholds on its own segment only, so every
 * {@link MergedAbortProperties#interval} (2 s, k6's own evaluation period) the thresholds with abortOnFail
 * are evaluated on the merged data of each running test, and a crossed one stops every segment, as it would have
 * stopped one k6. Any analyzer may do it: the stop is conditional, so two replicas stop a test once.
 */
@Component
class MergedAbortWatch {

    private static final Logger log = LoggerFactory.getLogger(MergedAbortWatch.class);

    private final LiveSegmentStore store;

    MergedAbortWatch(LiveSegmentStore store) {
        this.store = store;
    }

    @Scheduled(fixedDelayString = "${k6runner.analyzer.merged-abort.interval:2s}",
            initialDelayString = "${k6runner.analyzer.merged-abort.interval:2s}")
    public int evaluate() {
        int stopped = 0;
        Instant now = Instant.now();
        for (LiveSegmentStore.LiveTest test : store.liveTests()) {
            List<String> crossed = MergedAbortThresholds.crossed(test.segments(), test.elapsedSeconds(now));
            if (crossed.isEmpty()) {
                continue;
            }
            String why = "thresholds crossed on the test's merged data (abortOnFail): " + String.join(", ", crossed);
            if (store.stopForThresholds(test.runId(), why) > 0) {
                try (var _ = RunMdc.open(test.runId())) {
                    log.info("stopping every segment: {}", why);
                }
                stopped++;
            }
        }
        return stopped;
    }
}
