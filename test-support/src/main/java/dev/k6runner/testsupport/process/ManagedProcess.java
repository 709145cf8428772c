package dev.k6runner.testsupport.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One child process with its own log file: started, stopped gracefully (SIGTERM) or killed (SIGKILL). The
 * end-to-end tests, the benchmark and the soak start the services through it.
 */
public class ManagedProcess implements AutoCloseable {

    private final String name;
    private final Path log;
    private final Process process;

    protected ManagedProcess(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    public static ManagedProcess start(String name, List<String> command, Map<String, String> environment, Path log) {
        return new ManagedProcess(name, log, launch(name, command, environment, log));
    }

    /** Starts {@code command} with {@code environment} added, its output and errors appended to {@code log}. */
    protected static Process launch(String name, List<String> command, Map<String, String> environment, Path log) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** The process and its descendants (a runner's k6); not a daemon that left it, such as pg_ctl's postmaster. */
    public List<ProcessHandle> tree() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(process.toHandle()), process.descendants()).toList();
    }

    /** SIGKILL for the process and its children: no clean-up, like a host that dies. */
    public void kill() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        awaitExit(Duration.ofSeconds(30));
    }

    /** SIGTERM without waiting, so that several services stop side by side; {@link #stop} then waits for each. */
    public void terminate() {
        process.destroy();
    }

    /** SIGTERM and wait; SIGKILL after the grace period. */
    public void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!awaitExit(grace)) {
            kill();
        }
    }

    public boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Everything the process has logged so far. */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }
}
