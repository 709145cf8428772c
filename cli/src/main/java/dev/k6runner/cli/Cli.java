package dev.k6runner.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The k6runner command line, callable in-process: {@link #run(String[], PrintStream, PrintStream, Map)}
 * parses the arguments with picocli ({@link #commandLine()}), runs one command and returns the exit
 * status (see {@link ExitStatus}).
 * Results go to {@code out}; progress, errors and hints go to {@code err}, so {@code --json}
 * output can be piped.
 */
public final class Cli {

    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        register(RunCommand.COMMAND);
        QueryCommands.ALL.forEach(Cli::register);
        ReportCommands.ALL.forEach(Cli::register);
        register(ValidateCommand.COMMAND);
        DemoCommands.ALL.forEach(Cli::register);
        register(new Command("generate-completion", "generate-completion",
                "print a bash completion script for k6runner: source <(k6runner generate-completion)",
                Set.of(), Set.of(), Cli::completion));
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
            if (args.length == 2 && args[0].equals("help") && COMMANDS.containsKey(args[1])) {
                out.print(commandLine().getSubcommands().get(args[1]).getUsageMessage());
                return ExitStatus.OK;
            }
            printUsage(args.length == 0 ? err : out);
            return args.length == 0 ? ExitStatus.USAGE : ExitStatus.OK;
        }
        if (List.of("version", "--version", "-V").contains(args[0])) {
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
            parsed = parse(args);
            if (parsed.helpRequested()) {
                out.print(parsed.usageHelp());
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

    /** Parses {@code COMMAND [arguments]} with picocli; a command line it refuses is a {@link UsageException}. */
    static Args parse(String... args) throws UsageException {
        try {
            ParseResult result = commandLine().parseArgs(args);
            if (!result.hasSubcommand()) {
                throw new UsageException("missing command");
            }
            return new Args(result.subcommand());
        } catch (ParameterException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * The whole command line as picocli's model, built from the {@link Command}s: each valued
     * option takes one value per occurrence and may repeat, each flag takes none, and every
     * command has {@code -h/--help}, {@code --url}, {@code --api-key} and {@code --json}.
     * A new one per call, as picocli's model holds the values of one parse.
     */
    static CommandLine commandLine() {
        CommandSpec root = CommandSpec.create().name("k6runner").version("k6runner " + version());
        root.mixinStandardHelpOptions(true);
        root.usageMessage().description("the command-line client of the k6 Runner Service");
        for (Command command : COMMANDS.values()) {
            root.addSubcommand(command.name(), spec(command));
        }
        CommandLine commandLine = new CommandLine(root);
        commandLine.setOverwrittenOptionsAllowed(true);
        return commandLine;
    }

    private static CommandSpec spec(Command command) {
        CommandSpec spec = CommandSpec.create().name(command.name());
        spec.usageMessage()
                .synopsisHeading("")
                .customSynopsis("usage: k6runner " + command.usage())
                .descriptionHeading("%n")
                .description(command.summary())
                .optionListHeading("%nOptions:%n")
                .width(100);
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("show this help").build());
        Map<String, String> labels = OptionHelp.labels(command.usage());
        for (String name : new TreeSet<>(union(command.valued(), Args.COMMON_VALUED))) {
            String[] names = name.equals("output") ? new String[] {"--output", "-o"} : new String[] {"--" + name};
            spec.addOption(OptionSpec.builder(names).type(String[].class).arity("1")
                    .paramLabel(labels.getOrDefault(name, OptionHelp.label(name)))
                    .description(OptionHelp.describe(command.name(), name)).build());
        }
        for (String name : new TreeSet<>(union(command.flags(), Args.COMMON_FLAGS))) {
            spec.addOption(OptionSpec.builder("--" + name).type(boolean.class).arity("0")
                    .description(OptionHelp.describe(command.name(), name)).build());
        }
        spec.addPositional(PositionalParamSpec.builder().type(String[].class).arity("0..*").paramLabel("ARG").hidden(true).build());
        return spec;
    }

    /** picocli's bash (and zsh, with bashcompinit) completion of every command and option. */
    private static int completion(Args args, CliContext context) throws UsageException {
        args.noPositionals();
        context.out().print(AutoComplete.bash("k6runner", commandLine()));
        return ExitStatus.OK;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
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
        stream.println("Bash completion: source <(k6runner generate-completion).");
    }

    static String version() {
        String version = Cli.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
