package dev.k6runner.runner.execution;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.k6runner.runner.bundle.RunBundles;

/**
 * Before any load: {@code k6 inspect --execution-requirements} in the run's own confinement, slot and environment,
 * with the request's overrides as {@code K6_VUS}/{@code K6_DURATION}/{@code K6_ITERATIONS}, and k6's answer checked
 * against the team's and the server's limits. A script whose own {@code options.scenarios} ask for more is refused
 * here, and {@code k6 run}, the only command that sends requests, is never started.
 */
final class RequirementsInspection {

    private static final Logger log = LoggerFactory.getLogger(RequirementsInspection.class);
    /** inspect prints the resolved options, a few KiB; the runner reads no more than this of it. */
    static final int STDOUT_CAP = 1024 * 1024;

    sealed interface Verdict permits Fits, Refused {
    }

    record Fits(ExecutionRequirements requirements) implements Verdict {
    }

    /** @param exitCode inspect's own exit code when k6 refused the script (k6_exit_code of the run), else null */
    record Refused(Outcome outcome, Integer exitCode) implements Verdict {
    }

    private final String k6;
    private final ConfinedStart starter;
    private final K6Supervisor supervisor;
    private final RequirementsCache cache = new RequirementsCache();

    RequirementsInspection(String k6, ConfinedStart starter, K6Supervisor supervisor) {
        this.k6 = k6;
        this.starter = starter;
        this.supervisor = supervisor;
    }

    /** @param console gets inspect's stderr; its last error line is the reason when inspect fails */
    Verdict inspect(RunningRun run, Path folder, Map<String, String> runEnvironment, LimitCheck limits, ConsoleTail console,
                    Duration timeLimit) throws IOException, InterruptedException {
        return inspect(run, folder, RunBundles.Materialised.SCRIPT_ONLY, runEnvironment, limits, console, timeLimit);
    }

    /** @param bundle what the folder holds besides the script: its entry is inspected, its hash keys the cache */
    Verdict inspect(RunningRun run, Path folder, RunBundles.Materialised bundle, Map<String, String> runEnvironment,
                    LimitCheck limits, ConsoleTail console, Duration timeLimit) throws IOException, InterruptedException {
        Map<String, String> environment = RunEnvironment.forInspect(runEnvironment, run.claim().spec());
        // a module of the bundle may set options too: the same script with other files is another test
        String tested = bundle.sha256() == null ? run.claim().spec().script() : run.claim().spec().script() + "\0bundle:" + bundle.sha256();
        String key = RequirementsCache.key(k6, tested, environment);
        Optional<ExecutionRequirements> known = cache.get(key);
        if (known.isPresent()) {
            log.info("k6 inspect not run again: this script, env and overrides were inspected before");
            return judge(known.get(), limits);
        }
        Attempt attempt = runInspect(run, folder, bundle, environment, console, timeLimit);
        if (attempt.needsRunsVuDefault(environment)) {
            // k6 run gives a script without vus its flag default of 1 VU; k6 inspect does not and exits 104 ("the
            // number of VUs must be more than 0"), so it is asked again as k6 run would resolve it
            environment = withVuDefault(environment);
            attempt = runInspect(run, folder, bundle, environment, console, timeLimit);
        }
        if (run.stopReason().isPresent()) {
            StopReason stop = run.stopReason().get();
            return new Refused(new Outcome(stop.outcome(), "stopped before k6 run started (during k6 inspect): " + stop.who()), null);
        }
        if (attempt.exitCode() != 0) {
            String k6Said = console.lastError().map(K6LogLine::reason).orElse("k6 inspect exited with code " + attempt.exitCode());
            return new Refused(Outcome.failed(k6Said), attempt.exitCode());
        }
        return judge(output(attempt.stdout()), limits, key);
    }

    /** One k6 inspect process: its exit code, its stdout, and whether k6 said the script has no VUs. */
    record Attempt(int exitCode, CompletableFuture<byte[]> stdout, boolean noVus) {

        static final int INVALID_CONFIG = 104;
        static final String NO_VUS = "the number of VUs must be more than 0";

        boolean needsRunsVuDefault(Map<String, String> environment) {
            return exitCode == INVALID_CONFIG && noVus && !environment.containsKey("K6_VUS");
        }
    }

    static Map<String, String> withVuDefault(Map<String, String> environment) {
        Map<String, String> withDefault = new java.util.TreeMap<>(environment);
        withDefault.put("K6_VUS", "1");
        return java.util.Collections.unmodifiableMap(withDefault);
    }

    private Attempt runInspect(RunningRun run, Path folder, RunBundles.Materialised bundle, Map<String, String> environment,
                               ConsoleTail console, Duration timeLimit) throws IOException, InterruptedException {
        K6Process inspect = starter.start(K6Command.inspect(k6, bundle.entry()), folder, environment, run.slot());
        CompletableFuture<byte[]> stdout = readBounded(inspect.process().getInputStream());
        Thread stderr = console.pump(inspect.process().getErrorStream(), "k6-inspect-stderr");
        K6Supervisor.Ending ending = supervisor.superviseUntilExit(inspect, run, timeLimit);
        stderr.join(Duration.ofSeconds(10));
        boolean noVus = console.lastError().map(line -> line.reason().contains(Attempt.NO_VUS)).orElse(false);
        return new Attempt(ending.exitCode(), stdout, noVus);
    }


    private Verdict judge(byte[] stdout, LimitCheck limits, String key) {
        if (stdout == null) {
            return new Refused(Outcome.failed("k6 inspect printed more than " + ResourceWatchdog.bytes(STDOUT_CAP)
                    + "; the runner reads the execution requirements from no more than that"), null);
        }
        ExecutionRequirements needs;
        try {
            needs = ExecutionRequirements.fromInspect(new String(stdout, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return new Refused(Outcome.failed(e.getMessage()), null);
        }
        cache.put(key, needs);
        return judge(needs, limits);
    }

    private static Verdict judge(ExecutionRequirements needs, LimitCheck limits) {
        log.info("k6 inspect: the test needs {} VUs and up to {}", needs.maxVus(), needs.totalDurationText());
        return limits.exceeded(needs).<Verdict>map(why -> new Refused(Outcome.failed(why), null)).orElse(new Fits(needs));
    }

    /** Up to the cap, then the rest drained unread (so inspect never blocks on a full pipe); null when over the cap. */
    private static CompletableFuture<byte[]> readBounded(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                byte[] bytes = in.readNBytes(STDOUT_CAP + 1);
                return in.transferTo(OutputStream.nullOutputStream()) > 0 || bytes.length > STDOUT_CAP ? null : bytes;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, task -> Thread.ofVirtual().name("k6-inspect-stdout").start(task));
    }

    private static byte[] output(CompletableFuture<byte[]> stdout) throws InterruptedException, IOException {
        try {
            return stdout.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("k6 inspect's output could not be read: " + e, e);
        }
    }
}
