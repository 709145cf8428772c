package dev.k6runner.analyzer.segments;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.k6runner.analyzer.analysis.AnalysisJson;
import dev.k6runner.analyzer.merge.SegmentMerge;
import dev.k6runner.analyzer.metrics.MetricsExtractor;
import dev.k6runner.analyzer.metrics.SummaryExport;
import dev.k6runner.model.RunFinished;
import dev.k6runner.model.RunStatus;
import dev.k6runner.model.Segment;
import dev.k6runner.platform.kafka.EventCodec;

/**
 * A test on several runners, once its last segment ended (the runner announced it with a segment): every segment's
 * stored result merged into one ({@link SegmentMerge}), which then goes through the analysis as a single run's
 * result would. The run's outcome is the runners' verdict (the segment that broke the test, in the order things
 * happened), kept over the merge's own choice; a test that completed gets the merge's exit code (99 when a threshold
 * failed on the merged data). Each segment's own metrics are stored beside it for the document.
 */
@Component
public class SegmentResults {

    /** k6's exit code when thresholds failed, abortOnFail included. */
    private static final int THRESHOLDS_FAILED = 99;

    private final JdbcClient jdbc;
    private final EventCodec codec;

    SegmentResults(JdbcClient jdbc, EventCodec codec) {
        this.jdbc = jdbc;
        this.codec = codec;
    }

    /** @param end the runners' end of the test: its outcome, reason and exit code as decided when it ended */
    public RunFinished merged(RunFinished end) {
        List<StoredSegment> stored = segmentsOf(end.runId(), end.segment().count());
        List<RunFinished> segments = stored.stream().map(StoredSegment::result).toList();
        RunFinished merged = SegmentMerge.merge(segments);
        boolean broken = end.outcome() != RunStatus.COMPLETED;
        // stopped on its merged data: k6's verdict for an abort on a threshold is 99, whatever the final data says
        Optional<String> aborted = broken ? Optional.empty()
                : stored.stream().map(StoredSegment::thresholdStop).filter(Objects::nonNull).findFirst();
        RunFinished result = new RunFinished(end.runId(), end.attemptId(), merged.runnerId(), end.outcome(),
                broken ? end.statusReason() : aborted.orElse(merged.statusReason()),
                broken ? end.k6ExitCode() : aborted.isPresent() ? Integer.valueOf(THRESHOLDS_FAILED) : merged.k6ExitCode(),
                merged.rawSummary(), merged.consoleOutput(), merged.digest(), merged.startedAt(), end.finishedAt());
        store(result);
        segments.forEach(this::storeSegmentMetrics);
        return result;
    }

    /**
     * @param thresholdStop why the segment was stopped when a threshold with abortOnFail was crossed on the merged
     *                      data ({@link MergedAbortWatch}), else null
     */
    private record StoredSegment(RunFinished result, String thresholdStop) {
    }

    /** A segment without a result (its runner died) is merged as interrupted, with no data. One read at test end. */
    private List<StoredSegment> segmentsOf(UUID runId, int count) {
        return jdbc.sql("""
                        SELECT index, segment, sequence, runner_id, attempt_id, result::text AS result, stop_reason,
                               CASE WHEN stopped_by_thresholds THEN stop_reason END AS threshold_stop
                        FROM run_segments WHERE run_id = ? ORDER BY index""")
                .param(runId)
                .query((rs, n) -> {
                    String result = rs.getString("result");
                    Segment segment = new Segment(rs.getInt("index"), count, rs.getString("segment"), rs.getString("sequence"));
                    RunFinished finished = result != null ? codec.decode(result, RunFinished.class)
                            : new RunFinished(runId, rs.getObject("attempt_id", UUID.class), rs.getString("runner_id"),
                                    RunStatus.INTERRUPTED, rs.getString("stop_reason"), null, null, null, null, null, null,
                                    segment);
                    return new StoredSegment(finished, rs.getString("threshold_stop"));
                })
                .list();
    }

    /** run_results gets the merged summary and digest, the run its merged exit code and reason (no status move). */
    private void store(RunFinished result) {
        jdbc.sql("""
                        UPDATE run_results SET raw_summary = :summary, digest = CAST(:digest AS jsonb), outcome_reason = :reason,
                                               k6_exit_code = :exit
                        WHERE run_id = :id AND attempt_id = :attempt""")
                .param("summary", result.rawSummary())
                .param("digest", result.digest() == null ? null : codec.encode(result.digest()))
                .param("reason", result.statusReason()).param("exit", result.k6ExitCode())
                .param("id", result.runId()).param("attempt", result.attemptId()).update();
        jdbc.sql("UPDATE runs SET k6_exit_code = :exit, status_reason = :reason WHERE id = :id AND attempt_id = :attempt")
                .param("exit", result.k6ExitCode()).param("reason", result.statusReason())
                .param("id", result.runId()).param("attempt", result.attemptId()).update();
    }

    private void storeSegmentMetrics(RunFinished segment) {
        if (segment.segment() == null || segment.rawSummary() == null) {
            return;
        }
        SummaryExport.parse(segment.rawSummary()).ifPresent(export -> jdbc.sql(
                        "UPDATE run_segments SET metrics = CAST(? AS jsonb) WHERE run_id = ? AND index = ?")
                .params(AnalysisJson.write(MetricsExtractor.extract(export, segment.digest())), segment.runId(),
                        segment.segment().index())
                .update());
    }
}
