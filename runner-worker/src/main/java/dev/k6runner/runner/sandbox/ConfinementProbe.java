package dev.k6runner.runner.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.k6runner.runner.RunnerProperties;

/**
 * Decides at start how k6 will be confined. {@code auto}: bubblewrap if a real sandbox runs here ({@code bwrap …
 * true}); else a separate user if this runner may switch users, proven by running {@code setpriv … test -w <folder>};
 * else refused or unconfined as the operator chose, said loudly either way. {@code bubblewrap} or
 * {@code separate-user} try that one alone.
 */
public final class ConfinementProbe {

    private static final Logger log = LoggerFactory.getLogger(ConfinementProbe.class);
    private static final Map<String, String> PROBE_ENV = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin");

    private ConfinementProbe() {
    }

    public static Confinement probe(RunnerProperties properties) {
        RunnerProperties.Confinement settings = properties.confinement();
        ResourceLimits limits = ResourceLimits.of(properties.resources(), Executables.find("prlimit").orElse(null));
        List<String> failures = new ArrayList<>();
        if (!settings.mechanism().equals("separate-user")) {
            Bubblewrap bubblewrap = new Bubblewrap(Executables.find(settings.bwrapBinary()).orElse(settings.bwrapBinary()),
                    settings.readOnlyPaths(), settings.writablePaths(), limits, properties.resources().tmpSize().toBytes(),
                    settings.mechanism().equals("auto") ? "mechanism=auto, its sandbox works here" : "mechanism=bubblewrap");
            Optional<String> failure = bubblewrapFailure(settings, bubblewrap, properties.workDir());
            if (failure.isEmpty()) {
                return chosen(bubblewrap, settings);
            }
            failures.add(failure.get());
        }
        if (!settings.mechanism().equals("bubblewrap")) {
            String why = settings.mechanism().equals("auto") ? "mechanism=auto, bubblewrap unavailable (" + failures.getFirst()
                    + "), this runner may switch users" : "mechanism=separate-user";
            Optional<Integer> uids = UidRange.claim(Path.of(System.getProperty("java.io.tmpdir")), settings.uidBase());
            SeparateUser separateUser = new SeparateUser(Executables.find("setpriv").orElse("setpriv"),
                    uids.orElse(settings.uidBase()), limits, why);
            Optional<String> failure = uids.isEmpty()
                    ? Optional.of("every uid block from " + settings.uidBase() + " on is held by another runner on this host")
                    : separateUserFailure(separateUser, properties.workDir());
            if (failure.isEmpty()) {
                return chosen(separateUser, settings);
            }
            failures.add("separate-user: " + failure.get());
        }
        return unavailable(String.join("; ", failures), settings.required(), limits);
    }

    private static Confinement chosen(Confinement confinement, RunnerProperties.Confinement settings) {
        log.info("k6 runs confined: {}", confinement.describe());
        if (confinement instanceof Bubblewrap && !settings.writablePaths().isEmpty()) {
            log.warn("k6 may write outside its folder, in {} (k6runner.runner.confinement.writable-paths)", settings.writablePaths());
        }
        return confinement;
    }

    private static Confinement unavailable(String why, boolean required, ResourceLimits limits) {
        if (required) {
            Refused refused = new Refused(why);
            log.error("CONFINEMENT UNAVAILABLE: {}. This runner REFUSES every run: {}", why, refused.refusal());
            return refused;
        }
        String setpriv = Executables.find("setpriv").orElse(null);
        log.warn("CONFINEMENT UNAVAILABLE: {}. k6 RUNS UNCONFINED (k6runner.runner.confinement.required=false): "
                + "scripts can read every file this runner can read.", why);
        return new Unconfined(why + (setpriv == null ? "; no setpriv, k6 may outlive a killed runner" : ""), setpriv, limits);
    }

    /** Empty when bubblewrap works here; else why not. */
    static Optional<String> bubblewrapFailure(RunnerProperties.Confinement settings, Bubblewrap bubblewrap, Path workRoot) {
        if (Executables.find(settings.bwrapBinary()).isEmpty()) {
            return Optional.of("bubblewrap ('" + settings.bwrapBinary() + "') not found");
        }
        if (bubblewrap.limits().prlimit() == null) {
            return Optional.of("prlimit (util-linux) not found, so k6's resources cannot be bounded");
        }
        return tryOut(bubblewrap, workRoot, folder -> List.of("true")).map(failure -> "bubblewrap cannot create a sandbox here (" + failure + ")");
    }

    /** Empty when k6 can run as the slots' uids here, proven by one doing it; else why not. */
    static Optional<String> separateUserFailure(SeparateUser separateUser, Path workRoot) {
        Optional<String> missing = Privileges.missingToSwitchUsers();
        if (missing.isPresent()) {
            return missing;
        }
        if (Executables.find("setpriv").isEmpty() || separateUser.limits().prlimit() == null) {
            return Optional.of("setpriv and prlimit (util-linux) are needed");
        }
        try {
            Optional<String> unreachable = SlotFiles.prepareWorkRoot(workRoot);
            if (unreachable.isPresent()) {
                return unreachable;
            }
        } catch (IOException e) {
            return Optional.of("work-dir " + workRoot + " cannot be prepared: " + e.getMessage());
        }
        separateUser.cleanUp(0);
        try {
            return tryOut(separateUser, workRoot, folder -> List.of("test", "-w", folder.toString())).map(failure -> "setpriv failed (" + failure + ")");
        } finally {
            separateUser.cleanUp(0);
        }
    }

    /** Runs {@code command} confined, for slot 0, in a prepared folder of the work root; empty when it exits 0. */
    private static Optional<String> tryOut(Confinement confinement, Path workRoot, Function<Path, List<String>> command) {
        Path folder = null;
        try {
            Files.createDirectories(workRoot);
            folder = Files.createTempDirectory(workRoot.toAbsolutePath(), "probe-");
            confinement.prepare(folder, 0);
            ProcessBuilder builder = new ProcessBuilder(confinement.wrap(command.apply(folder), folder, PROBE_ENV, 0))
                    .directory(folder.toFile()).redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(PROBE_ENV);
            Process process = builder.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readNBytes(2048)).trim();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.of("no answer within 20s");
            }
            return process.exitValue() == 0 ? Optional.empty() : Optional.of("exit " + process.exitValue() + ": " + output);
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        } finally {
            deleteQuietly(folder);
        }
    }

    private static void deleteQuietly(Path folder) {
        try {
            if (folder != null && Files.exists(folder)) {
                SlotFiles.deleteTree(folder);
            }
        } catch (IOException ignored) {
            // a leftover empty probe folder is harmless
        }
    }
}
