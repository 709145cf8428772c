package dev.k6runner.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The k6runner command line, callable in-process: {@link #run(String[], PrintStream, PrintStream, Map)}
 * parses the arguments, runs one command and returns the exit status (see {@link ExitStatus}).
 * Results go to {@code out}; progress, errors and hints go to {@code err}, so {@code --json}
 * output can be piped.
 */
public final class Cli {

    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        register(RunCommand.COMMAND);
        QueryCommands.ALL.forEach(Cli::register);
        register(ValidateCommand.COMMAND);
        DemoCommands.ALL.forEach(Cli::register);
    }

    private Cli() {
    }

    private static void register(Command command) {
        COMMANDS.put(command.name(), command);
    }

    /** Runs one command with a non-interactive stderr, as CI and tests do. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return run(args, out, err, env, false, Clock.systemUTC());
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, boolean interactive, Clock clock) {
        CliContext context = new CliContext(out, err, env, interactive, clock);
        if (args.length == 0 || List.of("help", "--help", "-h").contains(args[0])) {
            printUsage(args.length == 0 ? err : out);
            return args.length == 0 ? ExitStatus.USAGE : ExitStatus.OK;
        }
        if (List.of("version", "--version").contains(args[0])) {
            out.println("k6runner " + version());
            return ExitStatus.OK;
        }
        Command command = COMMANDS.get(args[0]);
        if (command == null) {
            err.println("error: unknown command '" + args[0] + "'");
            printUsage(err);
            return ExitStatus.USAGE;
        }
        Args parsed = null;
        try {
            parsed = Args.parse(Arrays.asList(args).subList(1, args.length), command.valued(), command.flags());
            if (parsed.flag("help")) {
                out.println("usage: k6runner " + command.usage());
                out.println("  " + command.summary());
                return ExitStatus.OK;
            }
            return command.action().execute(parsed, context);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println("usage: k6runner " + command.usage());
            return ExitStatus.USAGE;
        } catch (GatewayException e) {
            if (parsed != null && parsed.flag("json") && e.response() != null && !e.response().body().isBlank()) {
                out.println(e.response().body());
            }
            ProblemRenderer.render(e).forEach(err::println);
            return e.exitStatus();
        }
    }

    static void printUsage(PrintStream stream) {
        stream.println("usage: k6runner COMMAND [options]   (k6runner COMMAND --help for one command)");
        stream.println();
        for (Command command : COMMANDS.values()) {
            stream.println("  " + command.usage());
            stream.println("      " + command.summary());
        }
        stream.println();
        stream.println("Every gateway command takes --url URL (env K6RUNNER_URL, default " + CliContext.DEFAULT_URL + "),");
        stream.println("--api-key KEY (env K6RUNNER_API_KEY) and --json (print the gateway's JSON as is).");
        stream.println("Exit status: 0 passed, 99 thresholds failed, failed runs exit with k6's code (else 1),");
        stream.println("102 timed out, 105 cancelled, 6 interrupted, 2 usage error, 3 request refused,");
        stream.println("4 gateway unreachable, 5 still running after --max-wait, 7 unhealthy (health, validate).");
    }

    static String version() {
        String version = Cli.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
