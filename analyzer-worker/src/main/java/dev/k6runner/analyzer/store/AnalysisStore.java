package dev.k6runner.analyzer.store;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import dev.k6runner.analyzer.analysis.AnalysisDocument;
import dev.k6runner.analyzer.analysis.AnalysisJson;
import dev.k6runner.analyzer.analysis.Anomaly;
import dev.k6runner.analyzer.analysis.RunAnalysis;
import dev.k6runner.analyzer.metrics.RunMetrics;
import dev.k6runner.model.PostgresChannel;
import dev.k6runner.model.RunStatus;
import dev.k6runner.model.RunTransition;

/**
 * Writes an analysis in one transaction. Finishing is conditional on the run still being
 * {@code analyzing}; re-analysis only on it being terminal; either way the anomalies rows are
 * replaced, so doing it twice leaves the same rows.
 */
@Repository
public class AnalysisStore {

    private static final String SUMMARY_COLUMNS = """
            has_anomalies = ?, severity = ?, avg_response_time_ms = ?, p95_response_time_ms = ?, error_rate = ?,
            throughput_rps = ?, total_requests = ?, vus_max = ?, duration_seconds = ?""";

    private final JdbcClient jdbc;

    AnalysisStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false when the run was no longer analyzing (another analyzer finished it first) */
    @Transactional
    public boolean finish(RunState run, RunStatus outcome, String statusReason, Integer k6ExitCode, Instant finishedAt,
                          RunAnalysis analysis) {
        int moved = summary(jdbc.sql(RunTransition.finish(outcome).render("UPDATE runs SET status = {to}, status_reason = ?, finished_at = ?, "
                        + "k6_exit_code = coalesce(?::integer, k6_exit_code), " + SUMMARY_COLUMNS
                        + " WHERE id = ? AND status = {from}"))
                .param(statusReason).param(Timestamp.from(finishedAt)).param(k6ExitCode), analysis)
                .param(run.runId()).update();
        if (moved == 0) {
            return false;
        }
        writeResults(run, analysis);
        // Delivered at commit: a gateway holding a ?wait= request for this run answers at once.
        jdbc.sql("SELECT pg_notify('" + PostgresChannel.RUN_ENDED.channelName() + "', ?)").param(run.runId().toString()).query().singleRow();
        return true;
    }

    /** @return false when the run is not terminal (still running or analyzing) */
    @Transactional
    public boolean replace(RunState run, RunAnalysis analysis) {
        int updated = summary(jdbc.sql("UPDATE runs SET " + SUMMARY_COLUMNS
                + " WHERE id = ? AND status IN ('completed','failed','cancelled','timed_out','interrupted')"), analysis)
                .param(run.runId()).update();
        if (updated == 0) {
            return false;
        }
        writeResults(run, analysis);
        return true;
    }

    private static JdbcClient.StatementSpec summary(JdbcClient.StatementSpec statement, RunAnalysis analysis) {
        RunMetrics metrics = analysis.metrics();
        AnalysisDocument document = analysis.document();
        return statement.param(document.hasAnomalies()).param(document.severity().wireName())
                .param(metrics.avgResponseTimeMs()).param(metrics.p95ResponseTimeMs()).param(metrics.errorRate())
                .param(metrics.throughputRps()).param(metrics.totalRequests()).param(metrics.vusMax())
                .param(metrics.durationSeconds());
    }

    private void writeResults(RunState run, RunAnalysis analysis) {
        jdbc.sql("""
                        UPDATE run_results SET metrics = ?::jsonb, thresholds = ?::jsonb, analysis = ?::jsonb,
                               analyzer = ?, analyzed_at = now()
                        WHERE run_id = ?""")
                .param(AnalysisJson.write(analysis.metrics())).param(AnalysisJson.write(analysis.thresholds()))
                .param(AnalysisJson.write(analysis.document())).param(analysis.document().analyzer())
                .param(run.runId()).update();
        jdbc.sql("DELETE FROM anomalies WHERE run_id = ?").param(run.runId()).update();
        for (Anomaly anomaly : analysis.document().anomalies()) {
            jdbc.sql("""
                            INSERT INTO anomalies (run_id, team_id, submitted_at, type, severity, metric, observed,
                                                   expected, message, recommendation, source)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .param(run.runId()).param(run.teamId()).param(Timestamp.from(run.submittedAt()))
                    .param(anomaly.type()).param(anomaly.severity().wireName()).param(anomaly.metric())
                    .param(anomaly.observed()).param(anomaly.expected()).param(anomaly.message())
                    .param(anomaly.recommendation()).param(anomaly.source()).update();
        }
    }
}
