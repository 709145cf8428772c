package dev.k6runner.runner.claim;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.k6runner.model.RunSpec;

/**
 * A run this runner now holds under {@code attemptId}: the spec as stored and its team's policy, read by the
 * claim itself.
 */
public record ClaimedRun(UUID runId, UUID attemptId, String teamId, RunSpec spec, Instant submittedAt, Instant startedAt,
                         TeamPolicy policy) {

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
