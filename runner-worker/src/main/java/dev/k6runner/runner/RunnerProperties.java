package dev.k6runner.runner;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import dev.k6runner.model.K6Duration;

/**
 * Settings of the runner, {@code k6runner.runner.*}.
 *
 * @param id                  this runner's id in the {@code runners} table; default host name plus a random suffix
 * @param slots               concurrent k6 processes (one run per slot); default the host's available processors
 * @param k6Binary            the k6 to run: a path, or a name looked up on PATH ({@code K6_BINARY})
 * @param resultsDir          where each run's result.json, summary-export.json and console.log are kept ({@code K6_RESULTS_DIR})
 * @param workDir             parent of the private per-run working folders, deleted after each run
 * @param heartbeatInterval   how often the runner refreshes its heartbeat, its leases, live progress and cancel flags
 * @param leaseDuration       how long a claim stays valid without a heartbeat; the gateway interrupts runs past it
 * @param stopGracePeriod     after SIGTERM, how long k6 may take to stop gracefully before SIGKILL
 * @param shutdownGracePeriod on shutdown, how long running runs may go on before they are stopped
 * @param consoleCapBytes     bytes of k6's console kept per run (the tail)
 * @param pollTimeout         how long one share-group poll waits for a run request
 * @param blockedAddresses    CIDRs k6 must not call (--blacklist-ip); cloud metadata addresses are always added
 * @param confinement         how k6 is sandboxed
 * @param saturation          when a run's k6 counts as saturated
 * @param resources           what one run's k6 may use of the host
 * @param limits              the server's own maximum of a test's VUs and duration (a team's may only be lower)
 * @param egress              which addresses k6 may reach
 */
@Validated
@ConfigurationProperties("k6runner.runner")
public record RunnerProperties(
        String id,
        @Min(1) Integer slots,
        String k6Binary,
        Path resultsDir,
        Path workDir,
        Duration heartbeatInterval,
        Duration leaseDuration,
        Duration stopGracePeriod,
        Duration shutdownGracePeriod,
        @Min(1024) Integer consoleCapBytes,
        Duration pollTimeout,
        List<String> blockedAddresses,
        @Valid Confinement confinement,
        @Valid Saturation saturation,
        @Valid Resources resources,
        @Valid Limits limits,
        @Valid Egress egress) {

    /** Always blocked, whatever the configuration: the cloud instance metadata services (AWS, GCP, Azure; AWS IPv6). */
    public static final List<String> CLOUD_METADATA = List.of("169.254.169.254/32", "fd00:ec2::254/128");

    public RunnerProperties {
        id = id == null || id.isBlank() ? defaultId() : id;
        slots = slots == null ? Runtime.getRuntime().availableProcessors() : slots;
        k6Binary = k6Binary == null || k6Binary.isBlank() ? "k6" : k6Binary;
        resultsDir = resultsDir == null ? Path.of("k6-results") : resultsDir;
        workDir = workDir == null ? Path.of(System.getProperty("java.io.tmpdir"), "k6-runner-work") : workDir;
        heartbeatInterval = heartbeatInterval == null ? Duration.ofSeconds(3) : heartbeatInterval;
        leaseDuration = leaseDuration == null ? Duration.ofSeconds(30) : leaseDuration;
        stopGracePeriod = stopGracePeriod == null ? Duration.ofSeconds(15) : stopGracePeriod;
        shutdownGracePeriod = shutdownGracePeriod == null ? Duration.ofSeconds(30) : shutdownGracePeriod;
        consoleCapBytes = consoleCapBytes == null ? 64 * 1024 : consoleCapBytes;
        pollTimeout = pollTimeout == null ? Duration.ofSeconds(1) : pollTimeout;
        blockedAddresses = blockedAddresses == null ? List.of() : List.copyOf(blockedAddresses);
        confinement = confinement == null ? new Confinement(null, null, null, null) : confinement;
        saturation = saturation == null ? new Saturation(null, null, null) : saturation;
        resources = resources == null ? new Resources(null, null, null, null, null, null) : resources;
        limits = limits == null ? new Limits(null, null) : limits;
        egress = egress == null ? new Egress(null, null, null) : egress;
        if (!leaseDuration.minus(heartbeatInterval.multipliedBy(2)).isPositive()) {
            throw new IllegalArgumentException("k6runner.runner.lease-duration must exceed two heartbeat intervals");
        }
    }

    private static String defaultId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "runner";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    /**
     * @param required         refuse runs when the sandbox is unavailable (true), or run k6 unconfined and say so (false)
     * @param bwrapBinary      the bubblewrap binary, a path or a name on PATH
     * @param readOnlyPaths    extra host paths exposed read-only inside the sandbox (what a wrapped k6 needs)
     * @param writablePaths    extra host paths k6 may write inside the sandbox: for test harnesses (the k6
     *                         stand-in's invocation log); leave empty in production
     * @param mechanism        {@code auto} (bubblewrap where it works, else a separate user where the runner may
     *                         switch users), {@code bubblewrap} or {@code separate-user}
     * @param uidBase          with a separate user: slot N runs k6 as uid and gid {@code uidBase + N}
     */
    public record Confinement(Boolean required, String bwrapBinary, List<Path> readOnlyPaths, List<Path> writablePaths,
                              @Pattern(regexp = "auto|bubblewrap|separate-user") String mechanism,
                              @Min(1000) Integer uidBase) {

        public Confinement(Boolean required, String bwrapBinary, List<Path> readOnlyPaths, List<Path> writablePaths) {
            this(required, bwrapBinary, readOnlyPaths, writablePaths, null, null);
        }

        // two constructors: without this mark the binder uses neither, and every confinement setting is lost
        @ConstructorBinding
        public Confinement {
            mechanism = mechanism == null || mechanism.isBlank() ? "auto" : mechanism;
            uidBase = uidBase == null ? 20000 : uidBase;
            required = required == null || required;
            bwrapBinary = bwrapBinary == null || bwrapBinary.isBlank() ? "bwrap" : bwrapBinary;
            readOnlyPaths = readOnlyPaths == null ? List.of() : List.copyOf(readOnlyPaths);
            writablePaths = writablePaths == null ? List.of() : List.copyOf(writablePaths);
        }
    }

    /**
     * @param cpuPercentOfShare k6's CPU, in percent of its fair share of the host (cores / slots, at least one core),
     *                          at or above which a sample counts as saturated
     * @param sustainedShare    share of the samples that must be saturated for the run to be flagged
     * @param minSamples        fewer samples than this never flag a run (too short to judge)
     */
    public record Saturation(
            @DecimalMin("1") @DecimalMax("1000") Double cpuPercentOfShare,
            @DecimalMin("0.01") @DecimalMax("1") Double sustainedShare,
            @Min(1) Integer minSamples) {
        public Saturation {
            cpuPercentOfShare = cpuPercentOfShare == null ? 90.0 : cpuPercentOfShare;
            sustainedShare = sustainedShare == null ? 0.5 : sustainedShare;
            minSamples = minSamples == null ? 3 : minSamples;
        }
    }

    /**
     * What one run's k6 may use; over a bound, k6 is stopped (or the kernel refuses it) and the run fails saying which.
     *
     * @param maxMemory       resident memory of the k6 process tree
     * @param maxProcesses    processes and threads k6 may have (RLIMIT_NPROC, per confined user)
     * @param maxOpenFiles    open files and sockets (RLIMIT_NOFILE)
     * @param maxFileSize     the largest file k6 may write (RLIMIT_FSIZE)
     * @param maxDiskWritten  everything k6 may leave in its working folder
     * @param tmpSize         the size of k6's private {@code /tmp} where the sandbox gives it one
     */
    public record Resources(DataSize maxMemory, @Min(16) Integer maxProcesses, @Min(64) Integer maxOpenFiles,
                            DataSize maxFileSize, DataSize maxDiskWritten, DataSize tmpSize) {
        public Resources {
            maxMemory = maxMemory == null ? DataSize.ofGigabytes(2) : maxMemory;
            maxProcesses = maxProcesses == null ? 512 : maxProcesses;
            maxOpenFiles = maxOpenFiles == null ? 20_000 : maxOpenFiles;
            maxFileSize = maxFileSize == null ? DataSize.ofGigabytes(1) : maxFileSize;
            maxDiskWritten = maxDiskWritten == null ? DataSize.ofGigabytes(2) : maxDiskWritten;
            tmpSize = tmpSize == null ? DataSize.ofMegabytes(64) : tmpSize;
        }
    }

    /**
     * The server's maximum for any test, checked on what k6 itself says the test needs before any load.
     *
     * @param maxVus      the most VUs a test may use
     * @param maxDuration the longest a test may run, graceful stops included: seconds or a k6 duration
     */
    public record Limits(@Min(1) Integer maxVus, String maxDuration) {
        public Limits {
            maxVus = maxVus == null ? 1000 : maxVus;
            maxDuration = maxDuration == null || maxDuration.isBlank() ? "24h" : maxDuration;
            K6Duration.requireTimeLimit("k6runner.runner.limits.max-duration", maxDuration);
        }

        public Duration maxDurationValue() {
            return K6Duration.parseTimeLimit(maxDuration);
        }
    }

    /**
     * @param mode  {@code cluster}: k6 cannot reach loopback, link-local, private, CGNAT or unique-local addresses;
     *              {@code local} (one person's machine): loopback stays open. Cloud metadata is blocked in both
     * @param allow           the operator's allow-list of otherwise blocked addresses, open to every team: CIDRs
     *                        or host names
     * @param teamAllowWithin what a team's own allow-list ({@code egress_allow}) may open for that team's runs only:
     *                        CIDRs or host names; empty (the default) lets teams open nothing of their own
     */
    public record Egress(@Pattern(regexp = "cluster|local") String mode, List<String> allow, List<String> teamAllowWithin) {
        public Egress {
            mode = mode == null || mode.isBlank() ? "cluster" : mode;
            allow = allow == null ? List.of() : List.copyOf(allow);
            teamAllowWithin = teamAllowWithin == null ? List.of() : List.copyOf(teamAllowWithin);
        }
    }
}
