package dev.k6runner.model;

import java.time.Instant;
import java.util.UUID;

/**
 * k6 ended (or could not start) on a runner. The same content is stored in Postgres before this
 * is published, so the analyzer can rebuild it if the message is lost.
 *
 * @param attemptId     the claim this result belongs to; a result from an expired claim is refused
 * @param outcome       the terminal status the runner saw: COMPLETED for exit 0 and 99, else
 *                      FAILED, CANCELLED, TIMED_OUT or INTERRUPTED
 * @param statusReason  why, in k6's own words where k6 gave any
 * @param k6ExitCode    null when k6 never started
 * @param rawSummary    the --summary-export document exactly as k6 wrote it, or null
 * @param consoleOutput the tail of k6's stdout and stderr, capped in size
 * @param segment       which execution segment of a {@code runners: N} test this is; null for a single run
 *                      (and for the merged result of all segments)
 */
public record RunFinished(
        UUID runId,
        UUID attemptId,
        String runnerId,
        RunStatus outcome,
        String statusReason,
        Integer k6ExitCode,
        String rawSummary,
        String consoleOutput,
        RunDigest digest,
        Instant startedAt,
        Instant finishedAt,
        Segment segment) {

    /** The result of a single run (no segment). */
    public RunFinished(UUID runId, UUID attemptId, String runnerId, RunStatus outcome, String statusReason,
                       Integer k6ExitCode, String rawSummary, String consoleOutput, RunDigest digest, Instant startedAt,
                       Instant finishedAt) {
        this(runId, attemptId, runnerId, outcome, statusReason, k6ExitCode, rawSummary, consoleOutput, digest, startedAt,
                finishedAt, null);
    }

    /** The same result as the given segment's. */
    public RunFinished asSegment(Segment of) {
        return new RunFinished(runId, attemptId, runnerId, outcome, statusReason, k6ExitCode, rawSummary, consoleOutput,
                digest, startedAt, finishedAt, of);
    }
}
