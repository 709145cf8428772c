package dev.k6runner.runner.execution;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.k6runner.model.RunSpec;
import dev.k6runner.platform.k6.ReservedEnv;

/**
 * The process environment a confined k6 is started with: exactly {@code PATH}, {@code HOME} and {@code TMPDIR} set
 * by the runner, plus the run's {@code env}. {@code k6 run --include-system-env-vars=true} hands it to the script as
 * {@code __ENV} (recording process-env), so no value is ever on a command line, where every user of the host can
 * read it ({@code /proc/<pid>/cmdline}). Names that k6, the dynamic linker, Go's runtime or its TLS and proxy code
 * would read as settings are dropped with a log line: the gateway refuses them at submission, this is the second line.
 */
final class RunEnvironment {

    private static final Logger log = LoggerFactory.getLogger(RunEnvironment.class);
    private static final String PATH = "/usr/local/bin:/usr/bin:/bin";
    private RunEnvironment() {
    }

    /** Whether the runner keeps {@code name} out of k6's environment (docs/runner.md, "A run's env"). */
    static boolean reserved(String name) {
        return ReservedEnv.reason(name) != null;
    }

    /** {@code k6 run}'s environment; the run's folder is its HOME and TMPDIR. */
    static SortedMap<String, String> forRun(Path folder, Map<String, String> requested) {
        SortedMap<String, String> environment = new TreeMap<>();
        List<String> dropped = requested.entrySet().stream()
                .filter(variable -> !passable(variable.getKey(), variable.getValue()))
                .map(variable -> printable(variable.getKey())).sorted().toList();
        requested.forEach((name, value) -> {
            if (passable(name, value)) {
                environment.put(name, value);
            }
        });
        if (!dropped.isEmpty()) {
            log.warn("env names dropped, k6 never sees them (reserved for the runner, or not passable to a process): {}", dropped);
        }
        String home = folder.toAbsolutePath().toString();
        environment.put("PATH", PATH);
        environment.put("HOME", home);
        environment.put("TMPDIR", home);
        return Collections.unmodifiableSortedMap(environment);
    }

    /**
     * {@code k6 inspect}'s environment: the run's, plus the request's overrides as {@code K6_VUS}, {@code K6_DURATION}
     * and {@code K6_ITERATIONS} (inspect takes no --vus flags, recording inspect-scenarios).
     */
    static SortedMap<String, String> forInspect(Map<String, String> runEnvironment, RunSpec spec) {
        SortedMap<String, String> environment = new TreeMap<>(runEnvironment);
        if (spec.vus() != null) {
            environment.put("K6_VUS", spec.vus().toString());
        }
        if (spec.duration() != null && !spec.duration().isBlank()) {
            environment.put("K6_DURATION", spec.duration());
        }
        if (spec.iterations() != null) {
            environment.put("K6_ITERATIONS", spec.iterations().toString());
        }
        return Collections.unmodifiableSortedMap(environment);
    }

    /** Not reserved, and something a process environment can hold (no '=' in a name, no NUL anywhere). */
    private static boolean passable(String name, String value) {
        return name != null && !name.isEmpty() && !reserved(name) && name.indexOf('=') < 0 && name.indexOf('\0') < 0
                && value != null && value.indexOf('\0') < 0;
    }

    /** A name for a log line: it comes from a request, so no control characters reach the log. */
    private static String printable(String name) {
        return name == null ? "null" : name.replaceAll("\\p{Cntrl}", "?");
    }
}
