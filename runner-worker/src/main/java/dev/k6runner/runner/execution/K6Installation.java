package dev.k6runner.runner.execution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.k6runner.runner.RunnerProperties;
import dev.k6runner.runner.sandbox.Executables;

/**
 * The k6 this runner uses, found at start from {@code K6_BINARY} or PATH and asked its version.
 *
 * @param configured what K6_BINARY (or the default {@code k6}) says
 * @param path       the absolute path found, or null when k6 is missing
 * @param version    e.g. {@code v0.49.0}, or null
 */
@Component
public record K6Installation(String configured, String path, String version) {

    private static final Logger log = LoggerFactory.getLogger(K6Installation.class);
    private static final Pattern VERSION = Pattern.compile("k6 (v\\d+\\.\\d+\\.\\d+\\S*)");

    /** The runner's k6, detected once at start; the canonical constructor is for a k6 already known (tests). */
    @Autowired
    K6Installation(RunnerProperties properties, ProcessLauncher launcher) {
        K6Installation detected = detect(properties.k6Binary(), launcher);
        this(detected.configured(), detected.path(), detected.version());
    }

    public boolean available() {
        return path != null;
    }

    public String missingReason() {
        return "k6 not found at '" + configured + "': install k6 (https://grafana.com/docs/k6/latest/set-up/install-k6/) or set K6_BINARY";
    }

    public static K6Installation detect(String configured, ProcessLauncher launcher) {
        Optional<String> path = Executables.find(configured);
        if (path.isEmpty()) {
            log.error("{}; this runner fails every run until k6 is installed", new K6Installation(configured, null, null).missingReason());
            return new K6Installation(configured, null, null);
        }
        String version = version(path.get(), launcher);
        log.info("k6 {} at {}", version, path.get());
        return new K6Installation(configured, path.get(), version);
    }

    private static String version(String k6, ProcessLauncher launcher) {
        ProcessBuilder builder = new ProcessBuilder(k6, "version").redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "K6_NO_USAGE_REPORT", "true"));
        try {
            Process process = launcher.start(builder);
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Matcher matcher = VERSION.matcher(output);
            return matcher.find() ? matcher.group(1) : "unknown (" + output.strip() + ")";
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
