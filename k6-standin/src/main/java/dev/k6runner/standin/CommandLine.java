package dev.k6runner.standin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * k6's command line as pflag reads it: {@code --flag=v}, {@code --flag v}, {@code -f v}, {@code -fv},
 * booleans as {@code --flag} or {@code --flag=false}, flags before or after the script.
 * Only the flags the project uses are known; anything else is a stand-in limitation.
 */
record CommandLine(String command, Map<String, List<String>> flags, List<String> positionals) {

    private record Spec(String name, char shorthand, boolean takesValue) {
    }

    private static final List<Spec> GLOBAL = List.of(
            new Spec("no-color", '\0', false), new Spec("quiet", 'q', false));

    private static final List<Spec> RUN = List.of(
            new Spec("summary-export", '\0', true), new Spec("summary-trend-stats", '\0', true),
            new Spec("out", 'o', true), new Spec("env", 'e', true), new Spec("vus", 'u', true),
            new Spec("duration", 'd', true), new Spec("iterations", 'i', true), new Spec("tag", '\0', true),
            new Spec("address", 'a', true), new Spec("blacklist-ip", '\0', true),
            new Spec("block-hostnames", '\0', true), new Spec("include-system-env-vars", '\0', false),
            new Spec("no-usage-report", '\0', false), new Spec("no-thresholds", '\0', false),
            new Spec("no-summary", '\0', false), new Spec("execution-segment", '\0', true),
            new Spec("execution-segment-sequence", '\0', true),
            // accepted, not applied: every recording was made with k6's default system tags, so a replay writes
            // those; the runner's fold reads only tags that its --system-tags keeps (runner-worker StreamTags)
            new Spec("system-tags", '\0', true));

    private static final List<Spec> INSPECT = List.of(new Spec("execution-requirements", '\0', false),
            new Spec("include-system-env-vars", '\0', false));

    private static final Set<String> FALSE = Set.of("false", "0", "f", "F", "FALSE", "False");
    private static final Set<String> TRUE = Set.of("true", "1", "t", "T", "TRUE", "True");

    static CommandLine parse(List<String> args) {
        int commandAt = 0;
        while (commandAt < args.size() && args.get(commandAt).startsWith("-")) {
            commandAt++;
        }
        if (commandAt == args.size()) {
            throw new StandinFailure("no command given (the stand-in knows: run, inspect, version)");
        }
        String command = args.get(commandAt);
        List<Spec> specs = new ArrayList<>(GLOBAL);
        switch (command) {
            case "run" -> specs.addAll(RUN);
            case "inspect" -> specs.addAll(INSPECT);
            case "version" -> { }
            default -> throw new StandinFailure("unsupported command '" + command + "' (the stand-in knows: run, inspect, version)");
        }
        List<String> rest = new ArrayList<>(args.subList(0, commandAt));
        rest.addAll(args.subList(commandAt + 1, args.size()));
        return read(command, specs, rest);
    }

    boolean has(String flag) {
        return flags.containsKey(flag);
    }

    /** The last value given for a flag, or null when absent. */
    String last(String flag) {
        List<String> values = flags.get(flag);
        return values == null ? null : values.getLast();
    }

    /** A boolean flag's value: absent is false, {@code --flag} is true, {@code --flag=false} is false. */
    boolean enabled(String flag) {
        String value = last(flag);
        return value != null && TRUE.contains(value);
    }

    private static CommandLine read(String command, List<Spec> specs, List<String> args) {
        Map<String, List<String>> flags = new LinkedHashMap<>();
        List<String> positionals = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                positionals.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                positionals.add(arg);
                continue;
            }
            boolean longForm = arg.startsWith("--");
            String body = arg.substring(longForm ? 2 : 1);
            String name;
            String inline;
            if (longForm) {
                int eq = body.indexOf('=');
                name = eq < 0 ? body : body.substring(0, eq);
                inline = eq < 0 ? null : body.substring(eq + 1);
            } else {
                name = body.substring(0, 1);
                String attached = body.substring(1);
                inline = attached.isEmpty() ? null : attached.startsWith("=") ? attached.substring(1) : attached;
            }
            Spec spec = find(specs, name, longForm);
            if (spec == null || (!longForm && !spec.takesValue() && inline != null && !arg.contains("="))) {
                throw new StandinFailure("unsupported flag " + (longForm ? "--" + name : arg));
            }
            String value = inline;
            if (spec.takesValue() && value == null) {
                if (i + 1 >= args.size()) {
                    throw new StandinFailure("flag needs an argument: " + arg);
                }
                value = args.get(++i);
            } else if (!spec.takesValue()) {
                value = value == null ? "true" : value;
                if (!TRUE.contains(value) && !FALSE.contains(value)) {
                    throw new StandinFailure("unsupported value for --" + spec.name() + ": '" + value + "'");
                }
            }
            flags.computeIfAbsent(spec.name(), k -> new ArrayList<>()).add(value);
        }
        return new CommandLine(command, flags, List.copyOf(positionals));
    }

    private static Spec find(List<Spec> specs, String name, boolean longForm) {
        for (Spec spec : specs) {
            if (longForm ? spec.name().equals(name) : spec.shorthand() != '\0' && name.charAt(0) == spec.shorthand()) {
                return spec;
            }
        }
        return null;
    }
}
