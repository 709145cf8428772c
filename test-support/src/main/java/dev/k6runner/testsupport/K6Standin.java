package dev.k6runner.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Installs the k6 stand-in (module k6-standin) as an executable named {@code k6}, for tests that need "k6":
 * a POSIX sh wrapper that execs this very JVM on the stand-in's classes, with the wrapper options baked in
 * (the runner gives k6 a clean environment, so nothing can come from there). See docs/k6-standin.md.
 */
public final class K6Standin {

    private static final String MAIN = "dev.k6runner.standin.Main";
    private static final String RECORDINGS = "/k6-recordings/";
    private static final List<String> FAST_START =
            List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-XX:-UsePerfData", "-Xmx128m");
    private static final String ENV = "/usr/bin/env";

    private static volatile Boolean envResetsSignals;

    private K6Standin() {
    }

    /**
     * Wrapper options.
     *
     * @param defaultScenario the recording to replay for a script that names none ({@code // k6-standin: <scenario>})
     *                        and equals no recorded script; null = such a script fails with exit 255
     * @param speed           time runs this many times faster than recorded: 1 = faithful timing, tests use 5-20
     * @param invocationLog   a file that gets one line {"args":[...],"env":{...},"cwd":"..."} per invocation, or null
     */
    public record Options(String defaultScenario, double speed, Path invocationLog) {

        public Options {
            if (!(speed > 0) || Double.isInfinite(speed)) {
                throw new IllegalArgumentException("speed must be a positive number, got " + speed);
            }
        }

        /** No default scenario, faithful timing, no invocation log. */
        public static Options defaults() {
            return new Options(null, 1.0, null);
        }

        public Options withDefaultScenario(String scenario) {
            return new Options(scenario, speed, invocationLog);
        }

        public Options withSpeed(double factor) {
            return new Options(defaultScenario, factor, invocationLog);
        }

        public Options withInvocationLog(Path log) {
            return new Options(defaultScenario, speed, log);
        }
    }

    /** {@link #install(Path, Options)} with {@link Options#defaults()}. */
    public static Path install(Path dir) {
        return install(dir, Options.defaults());
    }

    /** Writes the executable {@code dir/k6} (creating dir) and returns its path. */
    public static Path install(Path dir, Options options) {
        try {
            Files.createDirectories(dir);
            Path wrapper = dir.resolve("k6");
            Path temporary = dir.resolve(".k6." + ProcessHandle.current().pid() + ".tmp");
            Files.writeString(temporary, wrapperScript(options));
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rwxr-xr-x"));
            // Rename, so a runner starting k6 concurrently never executes a half-written file.
            Files.move(temporary, wrapper, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return wrapper;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What a sandbox (bubblewrap) must expose read-only for the wrapper to run inside it: this JDK's home and
     * the stand-in's classpath entry. The wrapper also uses /bin/sh and /usr/bin/env (under /usr).
     */
    public static List<Path> readOnlyPathsNeeded() {
        List<Path> paths = new ArrayList<>();
        paths.add(javaHome());
        paths.add(standinClasspath());
        return List.copyOf(paths);
    }

    /** The recording's script.js with the directive {@code // k6-standin: <scenario>} prepended. */
    public static String scriptFor(String scenario) {
        byte[] script = recorded(scenario, "script.js");
        if (script == null) {
            throw new IllegalArgumentException("no recording '" + scenario + "' with a script.js (see scenarios())");
        }
        return "// k6-standin: " + scenario + "\n" + new String(script, StandardCharsets.UTF_8);
    }

    /** The names of the recordings the stand-in holds (folders copied from /work/shared/k6-reference). */
    public static List<String> scenarios() {
        byte[] index = resource("/k6-recordings-index.txt");
        return new String(index, StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank()).toList();
    }

    /** A recorded file's bytes (e.g. "summary-export.json", "metrics.ndjson", "stderr.txt"), or null when absent. */
    public static byte[] recorded(String scenario, String file) {
        return resource(RECORDINGS + scenario + "/" + file);
    }

    private static String wrapperScript(Options options) {
        List<String> command = new ArrayList<>();
        if (envResetsSignals()) {
            // A parent that ignores SIGINT (a background job of a script) passes that on; Go's signal.Notify
            // undoes it for real k6, the JVM cannot, so the wrapper does.
            command.addAll(List.of(ENV, "--default-signal=INT,TERM"));
        }
        command.add(javaExecutable().toString());
        command.addAll(FAST_START);
        command.addAll(List.of("-cp", standinClasspath().toString(), MAIN));
        command.add("--standin-speed=" + options.speed());
        if (options.defaultScenario() != null) {
            command.add("--standin-default-scenario=" + options.defaultScenario());
        }
        if (options.invocationLog() != null) {
            command.add("--standin-invocation-log=" + options.invocationLog().toAbsolutePath());
        }
        StringBuilder script = new StringBuilder("#!/bin/sh\n")
                .append("# k6 stand-in: replays recorded real-k6 runs (dev.k6runner.testsupport.K6Standin, docs/k6-standin.md)\n")
                .append("# /bin/sh exports PWD by itself; k6 should see only what its parent passed.\n")
                .append("unset PWD\n")
                .append("exec");
        command.forEach(part -> script.append(' ').append(shellQuote(part)));
        return script.append(" \"$@\"\n").toString();
    }

    private static boolean envResetsSignals() {
        Boolean known = envResetsSignals;
        if (known == null) {
            known = probeEnv();
            envResetsSignals = known;
        }
        return known;
    }

    private static boolean probeEnv() {
        try {
            Process probe = new ProcessBuilder(ENV, "--default-signal=INT,TERM", "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return probe.waitFor(5, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String shellQuote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    private static Path javaExecutable() {
        return ProcessHandle.current().info().command().map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    private static Path javaHome() {
        try {
            return javaExecutable().toRealPath().getParent().getParent();
        } catch (IOException e) {
            return Path.of(System.getProperty("java.home"));
        }
    }

    private static Path standinClasspath() {
        try {
            Class<?> main = Class.forName(MAIN, false, K6Standin.class.getClassLoader());
            return Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (ClassNotFoundException | URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("the k6-standin classes are not on the classpath (" + MAIN + ")", e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = K6Standin.class.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
