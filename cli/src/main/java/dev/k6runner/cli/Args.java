package dev.k6runner.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * One command's arguments as picocli matched them (see {@link Cli#commandLine()}): options take
 * {@code --name value} or {@code --name=value}; a valued option given twice keeps every value
 * (for {@code --env}, {@code --tag}) and {@link #value} reads the last; {@code --} ends the
 * options. What picocli cannot know (ranges, KEY=VALUE pairs, how many positionals a command
 * wants) is checked here, with messages that name the option.
 */
final class Args {

    /** Options every command accepts. */
    static final Set<String> COMMON_VALUED = Set.of("url", "api-key");
    static final Set<String> COMMON_FLAGS = Set.of("json");

    private final ParseResult result;

    Args(ParseResult result) {
        this.result = result;
    }

    /** {@code --help} was given: print {@link #usageHelp()} instead of running the command. */
    boolean helpRequested() {
        return result.isUsageHelpRequested();
    }

    String usageHelp() {
        return result.commandSpec().commandLine().getUsageMessage();
    }

    List<String> positionals() {
        List<PositionalParamSpec> specs = result.commandSpec().positionalParameters();
        return specs.isEmpty() ? List.of() : List.copyOf(specs.getFirst().stringValues());
    }

    boolean flag(String name) {
        return result.hasMatchedOption("--" + name);
    }

    /** The last value given for the option, or null. */
    String value(String name) {
        List<String> given = values(name);
        return given.isEmpty() ? null : given.getLast();
    }

    List<String> values(String name) {
        OptionSpec option = result.matchedOption("--" + name);
        return option == null ? List.of() : List.copyOf(option.stringValues());
    }

    Integer intValue(String name, int min, int max) throws UsageException {
        String raw = value(name);
        if (raw == null) {
            return null;
        }
        try {
            int parsed = Integer.parseInt(raw.trim());
            if (parsed < min || parsed > max) {
                throw new UsageException("--" + name + " must be between " + min + " and " + max + ", got " + raw);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, got '" + raw + "'");
        }
    }

    Double doubleValue(String name) throws UsageException {
        String raw = value(name);
        if (raw == null) {
            return null;
        }
        try {
            return Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, got '" + raw + "'");
        }
    }

    /** KEY=VALUE pairs of a repeatable option, in the order given. */
    Map<String, String> pairs(String name, char separator) throws UsageException {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String raw : values(name)) {
            int at = raw.indexOf(separator);
            if (at <= 0) {
                throw new UsageException("--" + name + " expects KEY" + separator + "VALUE, got '" + raw + "'");
            }
            pairs.put(raw.substring(0, at), raw.substring(at + 1));
        }
        return pairs;
    }

    /** Exactly one positional argument, named {@code what} in the error. */
    String single(String what) throws UsageException {
        List<String> positionals = positionals();
        if (positionals.size() != 1) {
            throw new UsageException(positionals.isEmpty() ? "missing " + what : "expected one " + what + ", got " + positionals);
        }
        return positionals.getFirst();
    }

    void noPositionals() throws UsageException {
        List<String> positionals = positionals();
        if (!positionals.isEmpty()) {
            throw new UsageException("unexpected argument " + positionals.getFirst());
        }
    }
}
