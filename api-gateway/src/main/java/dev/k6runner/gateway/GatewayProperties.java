package dev.k6runner.gateway;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.validation.annotation.Validated;

import dev.k6runner.model.K6Duration;

/**
 * Everything the gateway can be told, under {@code k6runner.gateway.*}.
 *
 * @param maxScriptBytes     largest script accepted, in UTF-8 bytes; larger is 413
 * @param maxVus             largest {@code vus} a request may ask for
 * @param maxDuration        longest {@code duration} a request may ask for
 * @param maxIterations      largest {@code iterations} a request may ask for
 * @param maxRunners         largest {@code runners} (execution segments on as many runner slots) a request may ask for
 * @param defaultTimeout     the time limit of a run that names none (env {@code K6_TIMEOUT}): seconds ({@code 300}) or
 *                           k6 notation ({@code 1h30m}); stored with each run, where the runners read it
 * @param maxTimeout         the largest time limit, at least 1 s; a larger {@code timeout} is refused
 * @param teams              the limits of a team created without them
 * @param maxWait            the longest {@code ?wait=} a submission may block
 * @param quotaRetryAfter    the {@code Retry-After} given with a 429 (a team's backlog is full)
 * @param auth               who may call the API
 * @param intake             how submissions are stored: group commit's partitions and batch size
 * @param relay              the outbox relay and the re-publish of stuck runs
 * @param maintenance        the schedule of the lease reaper, the re-publish and the gauges; its keys stay under
 *                           {@code relay.*}, where the operator guide documents them
 * @param fleet              how runners are judged alive
 * @param retention          how long runs and their backups are kept
 */
@Validated
@ConfigurationProperties("k6runner.gateway")
public record GatewayProperties(
        @DefaultValue("1048576") @Min(1) int maxScriptBytes,
        @DefaultValue("1000") @Min(1) int maxVus,
        @DefaultValue("2h") @NotNull Duration maxDuration,
        @DefaultValue("10000000") @Min(1) int maxIterations,
        @DefaultValue("8") @Min(1) @Max(64) int maxRunners,
        @DefaultValue("30m") @NotNull String defaultTimeout,
        @DefaultValue("4h") @NotNull Duration maxTimeout,
        @DefaultValue @Valid Teams teams,
        @DefaultValue("300s") @NotNull Duration maxWait,
        @DefaultValue("10s") @NotNull Duration quotaRetryAfter,
        @DefaultValue @Valid Auth auth,
        @DefaultValue @Valid Intake intake,
        @DefaultValue @Valid Relay relay,
        @Name("relay") @DefaultValue @Valid Maintenance maintenance,
        @DefaultValue @Valid Fleet fleet,
        @DefaultValue @Valid Retention retention) {

    public GatewayProperties {
        K6Duration.requireTimeLimit("k6runner.gateway.default-timeout (K6_TIMEOUT)", defaultTimeout);
        // Every stored run gets a limit of at least 1 s: a request's own, or the default capped at this.
        if (maxTimeout != null && maxTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("k6runner.gateway.max-timeout must be at least 1 s, got " + maxTimeout);
        }
    }

    /** The time limit of a run whose request names none. */
    public Duration defaultTimeoutDuration() {
        return K6Duration.parseTimeLimit(defaultTimeout);
    }

    /**
     * @param defaultMaxRunningRuns runner slots a team created without {@code max_running_runs} may hold at once;
     *                              0 = unlimited (local mode)
     */
    public record Teams(@DefaultValue("10") @Min(0) int defaultMaxRunningRuns) {

        /** The default as the teams table stores it: null = unlimited. */
        public Integer defaultRunningLimit() {
            return defaultMaxRunningRuns == 0 ? null : defaultMaxRunningRuns;
        }
    }

    /** How callers are identified. */
    public enum AuthMode {
        /** Local mode: every call acts as team {@code default}; the gateway binds 127.0.0.1. */
        NONE,
        /** Cluster mode: every /api/** call needs {@code Authorization: Bearer <key>}. */
        API_KEY
    }

    /**
     * @param mode       none (local) or api-key (cluster)
     * @param adminToken the token of the /admin endpoints (env {@code K6RUNNER_ADMIN_TOKEN}); blank disables them
     * @param keyCacheTtl how long a checked key is trusted before it is looked up again (revocation delay)
     */
    public record Auth(
            @DefaultValue("none") @NotNull AuthMode mode,
            @DefaultValue("") String adminToken,
            @DefaultValue("10s") @NotNull Duration keyCacheTtl) {
    }

    /**
     * @param partitions how many batches of submissions may be stored at once, each in its own transaction; a team's
     *                   submissions always share one, so two batches never wait for each other on its backlog slots
     * @param batchSize  most submissions stored in one transaction (group commit: one commit, each caller answered
     *                   after it); 1 stores each submission alone
     */
    public record Intake(
            @DefaultValue("2") @Min(1) @Max(16) int partitions,
            @DefaultValue("64") @Min(1) @Max(1000) int batchSize) {
    }

    /**
     * @param sweepInterval   how often the relay sweeps the queue for unpublished runs (a commit's own runs go out at once, by id)
     * @param batchSize       runs published per relay transaction
     * @param linger          after a commit wakes it, the relay waits this long, so the runs committed meanwhile share
     *                        its transaction and Kafka request (0 publishes each wake-up at once)
     * @param requeueAfter    a run still queued this long after publishing is published again
     */
    public record Relay(
            @DefaultValue("1s") @NotNull Duration sweepInterval,
            @DefaultValue("200") @Min(1) int batchSize,
            @DefaultValue("5ms") @NotNull Duration linger,
            @DefaultValue("5m") @NotNull Duration requeueAfter) {
    }

    /**
     * The maintenance passes' settings, bound from {@code k6runner.gateway.relay.maintenance-interval} and
     * {@code k6runner.gateway.relay.reaper-quiet-period} (the documented keys, unchanged).
     *
     * @param interval          how often the reaper, the re-publish and the gauges run
     * @param reaperQuietPeriod the reaper judges no lease until the database has been reachable this long (after
     *                          start or an outage), so runners that could not heartbeat through a blip renew first
     */
    public record Maintenance(
            @Name("maintenance-interval") @DefaultValue("5s") @NotNull Duration interval,
            @DefaultValue("15s") @NotNull Duration reaperQuietPeriod) {
    }

    /**
     * @param runnerAliveWindow a runner whose last heartbeat is older than this is not alive
     * @param kafkaCheckTimeout the longest the health check waits for Kafka
     * @param kafkaCheckCacheTtl how long a Kafka check result is reused
     */
    public record Fleet(
            @DefaultValue("30s") @NotNull Duration runnerAliveWindow,
            @DefaultValue("2s") @NotNull Duration kafkaCheckTimeout,
            @DefaultValue("5s") @NotNull Duration kafkaCheckCacheTtl) {
    }

    /**
     * @param days       runs submitted more than this many days ago are deleted; 0 keeps everything
     * @param resultsDir the runners' per-run JSON backups (env {@code K6_RESULTS_DIR}), pruned by the same rule
     * @param interval   how often retention runs
     * @param batchSize  runs deleted per (short) transaction
     */
    public record Retention(
            @DefaultValue("30") @Min(0) int days,
            @DefaultValue("./results") @NotNull Path resultsDir,
            @DefaultValue("1h") @NotNull Duration interval,
            @DefaultValue("500") @Min(1) int batchSize) {
    }
}
