package dev.k6runner.standin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The k6 stand-in: behaves like k6 v0.49 at the process boundary by replaying the recorded real-k6 runs.
 * Usage: {@code [--standin-speed=N] [--standin-default-scenario=S] [--standin-invocation-log=FILE] <k6 args>}.
 * See docs/k6-standin.md.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        long originNanos = processStartNanos();
        Terminal terminal = Terminal.system();
        int exitCode;
        try {
            exitCode = run(List.of(args), terminal, originNanos);
        } catch (StandinFailure failure) {
            terminal.err(failure.getMessage());
            exitCode = StandinFailure.EXIT_CODE;
        } catch (IOException | RuntimeException e) {
            terminal.err("k6-standin: internal error: " + e);
            exitCode = StandinFailure.EXIT_CODE;
        }
        System.exit(exitCode);
    }

    static int run(List<String> args, Terminal terminal, long originNanos) throws IOException {
        return run(args, System.getenv(), terminal, originNanos);
    }

    /** @param environment this process's environment (k6 reads some overrides from it) */
    static int run(List<String> args, Map<String, String> environment, Terminal terminal, long originNanos) throws IOException {
        WrapperOptions.Split split = WrapperOptions.split(args);
        WrapperOptions options = split.options();
        if (options.invocationLog() != null) {
            InvocationLog.append(options.invocationLog(), split.k6Args(), environment, System.getProperty("user.dir"));
        }
        Inspect inspect = new Inspect(terminal, environment);
        Optional<String> refused = Inspect.flagK6Refuses(split.k6Args());
        if (refused.isPresent()) {
            return inspect.refuse(refused.get());
        }
        CommandLine line = CommandLine.parse(split.k6Args());
        switch (line.command()) {
            case "version" -> {
                terminal.outRaw(new Recording("version").bytes("stdout.txt"));
                return 0;
            }
            case "inspect" -> {
                return inspect.run(line, project(line), options.defaultScenario());
            }
            default -> {
                RunRequest request = RunRequest.of(line);
                Recording recording = SegmentRecordings.variantFor(
                        ProjectRecordings.forRun(project(line), request.given(), options.defaultScenario(), terminal), line);
                return new Replay(ProcessEnvironment.variantFor(recording, line, environment, terminal), request, options.speed(),
                        originNanos, terminal).run();
            }
        }
    }

    /** The script and what k6 would load beside it, or the k6 archive given instead of a script. */
    private static Project project(CommandLine line) throws IOException {
        if (line.positionals().size() != 1) {
            throw new StandinFailure("k6 " + line.command() + " needs exactly one script argument, got " + line.positionals());
        }
        return Project.load(line.positionals().getFirst());
    }

    /** The replay's clock starts when the process did, so JVM start-up counts towards k6's start-up time. */
    private static long processStartNanos() {
        long now = System.nanoTime();
        return processAgeNanos()
                .filter(age -> age >= 0 && age < 10_000_000_000L)
                .map(age -> now - age)
                .orElse(now);
    }

    /**
     * Linux: {@code /proc/uptime} less the process's start in {@code /proc/self/stat}, both counted from boot in
     * 10 ms steps. Not first {@code ProcessHandle}'s start instant: it adds the boot time, which Linux gives in whole
     * seconds, so a process looked up to a second older than it was and a replay ended that much early (0.56 s on
     * one machine).
     */
    private static Optional<Long> processAgeNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // after the command's closing parenthesis: state is [0], starttime (field 22) [19], in clock ticks of 1/100 s
            long startTicks = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19]);
            double uptimeSeconds = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
            return Optional.of((long) ((uptimeSeconds - startTicks / 100.0) * 1e9));
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.current().info().startInstant().map(start -> Duration.between(start, Instant.now()).toNanos());
        }
    }
}
