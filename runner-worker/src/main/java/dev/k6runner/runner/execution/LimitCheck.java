package dev.k6runner.runner.execution;

import java.time.Duration;
import java.util.Optional;

import dev.k6runner.model.K6Duration;
import dev.k6runner.runner.RunnerProperties;
import dev.k6runner.runner.claim.ClaimedRun;

/**
 * The VUs and duration a run may use: its team's limits where its admin set them, never more than the server's.
 * Over either, the status_reason names the limit that applies and the value asked, e.g.
 * {@code the test needs 5800 VUs; the team's limit (max_vus) is 1000}.
 */
final class LimitCheck {

    private record Limit(long value, String whose) {
    }

    private final Limit vus;
    private final Limit seconds;

    private LimitCheck(Limit vus, Limit seconds) {
        this.vus = vus;
        this.seconds = seconds;
    }

    static LimitCheck of(RunnerProperties.Limits server, ClaimedRun.TeamPolicy team) {
        ClaimedRun.TeamPolicy policy = team == null ? ClaimedRun.TeamPolicy.NONE : team;
        Limit serverVus = new Limit(server.maxVus(), "the server's limit (k6runner.runner.limits.max-vus)");
        Limit serverSeconds = new Limit(server.maxDurationValue().toSeconds(), "the server's limit (k6runner.runner.limits.max-duration)");
        return new LimitCheck(
                stricter(policy.maxVus() == null ? null : new Limit(policy.maxVus(), "the team's limit (max_vus)"), serverVus),
                stricter(policy.maxDurationSeconds() == null ? null
                        : new Limit(policy.maxDurationSeconds(), "the team's limit (max_duration)"), serverSeconds));
    }

    /** Why {@code needs} is over a limit, or empty when it fits. */
    Optional<String> exceeded(ExecutionRequirements needs) {
        if (needs.maxVus() > vus.value()) {
            return Optional.of("the test needs " + needs.maxVus() + " VUs; " + vus.whose() + " is " + vus.value());
        }
        if (needs.totalDuration().compareTo(Duration.ofSeconds(seconds.value())) > 0) {
            return Optional.of("the test needs " + needs.totalDurationText() + " (graceful stops included); " + seconds.whose()
                    + " is " + K6Duration.format(Duration.ofSeconds(seconds.value())));
        }
        return Optional.empty();
    }

    /** The team's, unless the server's is lower (a team's limit may only narrow the server's). */
    private static Limit stricter(Limit team, Limit server) {
        return team == null || server.value() < team.value() ? server : team;
    }
}
