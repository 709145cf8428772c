package dev.k6runner.runner.claim;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.k6runner.model.RunSpec;
import dev.k6runner.model.Segment;

/**
 * A run this runner now holds under {@code attemptId}: the spec as stored and its team's policy, read by the
 * claim itself.
 *
 * @param segment the execution segment of a {@code runners: N} test this runner runs; null for a single run
 * @param startAt the start barrier: the instant every segment's k6 starts at; null for a single run (start at once)
 */
public record ClaimedRun(UUID runId, UUID attemptId, String teamId, RunSpec spec, Instant submittedAt, Instant startedAt,
                         TeamPolicy policy, Segment segment, Instant startAt) {

    /** A single run: no segment, no barrier. */
    public ClaimedRun(UUID runId, UUID attemptId, String teamId, RunSpec spec, Instant submittedAt, Instant startedAt,
                      TeamPolicy policy) {
        this(runId, attemptId, teamId, spec, submittedAt, startedAt, policy, null, null);
    }

    /** The same claim as one segment of the test, started at the barrier. */
    public ClaimedRun asSegment(Segment of, Instant barrier) {
        return new ClaimedRun(runId, attemptId, teamId, spec, submittedAt, startedAt, policy, of, barrier);
    }

    /**
     * What the run's team may use, as its admin set it: null limits leave only the server's own maximum.
     *
     * @param egressAllow the team's allow-list (CIDRs or host names) of otherwise blocked addresses
     */
    public record TeamPolicy(Integer maxVus, Long maxDurationSeconds, List<String> egressAllow) {

        public static final TeamPolicy NONE = new TeamPolicy(null, null, List.of());

        public TeamPolicy {
            egressAllow = egressAllow == null ? List.of() : List.copyOf(egressAllow);
        }
    }
}
