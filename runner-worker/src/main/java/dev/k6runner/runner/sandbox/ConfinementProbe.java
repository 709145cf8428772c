package dev.k6runner.runner.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.k6runner.runner.RunnerProperties;

/**
 * Decides at start how k6 will be confined: bubblewrap if a real sandbox runs here ({@code bwrap … true}),
 * else refused or unconfined as the operator chose, said loudly either way.
 */
public final class ConfinementProbe {

    private static final Logger log = LoggerFactory.getLogger(ConfinementProbe.class);

    private ConfinementProbe() {
    }

    public static Confinement probe(RunnerProperties properties) {
        RunnerProperties.Confinement settings = properties.confinement();
        Optional<String> failure = bubblewrapFailure(settings, properties.workDir());
        if (failure.isEmpty()) {
            log.info("k6 runs confined by bubblewrap ({})", Executables.find(settings.bwrapBinary()).orElseThrow());
            if (!settings.writablePaths().isEmpty()) {
                log.warn("k6 may write outside its folder, in {} (k6runner.runner.confinement.writable-paths)", settings.writablePaths());
            }
            return new Bubblewrap(Executables.find(settings.bwrapBinary()).orElseThrow(), settings.readOnlyPaths(), settings.writablePaths());
        }
        if (settings.required()) {
            Refused refused = new Refused(failure.get());
            log.error("CONFINEMENT UNAVAILABLE: {}. This runner REFUSES every run: {}", failure.get(), refused.refusal());
            return refused;
        }
        String setpriv = Executables.find("setpriv").orElse(null);
        log.warn("CONFINEMENT UNAVAILABLE: {}. k6 RUNS UNCONFINED (k6runner.runner.confinement.required=false): "
                + "scripts can read every file this runner can read.", failure.get());
        return new Unconfined(failure.get() + (setpriv == null ? "; no setpriv, k6 may outlive a killed runner" : ""), setpriv);
    }

    /** Empty when bubblewrap works here; else why not. */
    static Optional<String> bubblewrapFailure(RunnerProperties.Confinement settings, Path workRoot) {
        Optional<String> bwrap = Executables.find(settings.bwrapBinary());
        if (bwrap.isEmpty()) {
            return Optional.of("bubblewrap ('" + settings.bwrapBinary() + "') not found");
        }
        Path folder = null;
        try {
            Files.createDirectories(workRoot);
            folder = Files.createTempDirectory(workRoot, "probe-");
            Bubblewrap sandbox = new Bubblewrap(bwrap.get(), List.of(), List.of());
            Process process = new ProcessBuilder(sandbox.wrap(List.of("true"), folder, Map.of("PATH", "/usr/bin:/bin"), 0))
                    .redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readNBytes(2048)).trim();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.of("bubblewrap did not answer within 20s");
            }
            return process.exitValue() == 0 ? Optional.empty()
                    : Optional.of("bubblewrap cannot create a sandbox here (exit " + process.exitValue() + ": " + output + ")");
        } catch (IOException e) {
            return Optional.of("bubblewrap could not be started: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while checking bubblewrap");
        } finally {
            deleteQuietly(folder);
        }
    }

    private static void deleteQuietly(Path folder) {
        try {
            if (folder != null) {
                Files.deleteIfExists(folder);
            }
        } catch (IOException ignored) {
            // a leftover empty probe folder is harmless
        }
    }
}
