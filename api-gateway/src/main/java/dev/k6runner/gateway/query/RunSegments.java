package dev.k6runner.gateway.query;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.k6runner.model.RunProgress;
import dev.k6runner.platform.kafka.EventCodec;
import tools.jackson.databind.json.JsonMapper;

/** The segments of a test on several runners, for its document: one read of {@code run_segments} by its key. */
@Repository
class RunSegments {

    /**
     * What every document of a test on several runners says about k6's setup() and teardown(): k6 runs them in each
     * segment's process, and sharing one setup() between processes needs k6's REST API, which no recording shows.
     */
    static final List<String> NOTES = List.of("setup() and teardown() ran once in each segment's k6 process, not once "
            + "for the whole test: each segment's VUs got the data of their own process's setup()");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final EventCodec codec;

    RunSegments(JdbcClient jdbc, EventCodec codec) {
        this.jdbc = jdbc;
        this.codec = codec;
    }

    /**
     * The test's live progress from its segments': requests, failed requests and VUs added, the longest elapsed
     * time, and the oldest update (the sum is as fresh as its stalest part); null until a segment's k6 reported.
     */
    static RunProgress total(List<RunDocument.Segment> segments) {
        List<RunProgress> parts = segments.stream().map(RunDocument.Segment::progress).filter(Objects::nonNull).toList();
        if (parts.isEmpty()) {
            return null;
        }
        return new RunProgress(parts.stream().mapToDouble(RunProgress::elapsedSeconds).max().orElseThrow(),
                parts.stream().mapToLong(RunProgress::requests).sum(),
                parts.stream().mapToLong(RunProgress::failedRequests).sum(),
                parts.stream().mapToInt(RunProgress::vus).sum(),
                parts.stream().map(RunProgress::updatedAt).filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null));
    }

    /** @param running whether the test runs: only then is each segment's live progress read */
    List<RunDocument.Segment> of(UUID runId, boolean running) {
        return jdbc.sql("""
                        SELECT s.index, s.segment, s.runner_id, ru.host, ru.k6_version,
                               coalesce(s.outcome, s.state) AS status, coalesce(s.result->>'statusReason', s.stop_reason) AS reason,
                               s.k6_exit_code, s.metrics::text AS metrics,
                               s.start_at, s.k6_started_at, s.progress::text AS progress
                        FROM run_segments s LEFT JOIN runners ru ON ru.id = s.runner_id
                        WHERE s.run_id = ? ORDER BY s.index""")
                .param(runId)
                .query((rs, n) -> new RunDocument.Segment(rs.getInt("index"), rs.getString("segment"),
                        new RunDocument.Runner(rs.getString("runner_id"), rs.getString("host"), rs.getString("k6_version")),
                        rs.getString("status"), rs.getString("reason"), RunDocuments.integer(rs, "k6_exit_code"),
                        rs.getString("metrics") == null ? null : JSON.readTree(rs.getString("metrics")),
                        RunDocuments.instant(rs, "start_at"), RunDocuments.instant(rs, "k6_started_at"),
                        running && rs.getString("progress") != null ? codec.decode(rs.getString("progress"), RunProgress.class) : null))
                .list();
    }
}
