package dev.k6runner.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One command's parsed arguments. Options take {@code --name value} or {@code --name=value};
 * a valued option given twice keeps every value (for {@code --env}, {@code --tag}); {@code --}
 * ends the options.
 */
final class Args {

    /** Options every command accepts. */
    static final Set<String> COMMON_VALUED = Set.of("url", "api-key");
    static final Set<String> COMMON_FLAGS = Set.of("json", "help");

    private final List<String> positionals;
    private final Map<String, List<String>> values;
    private final Set<String> flags;

    private Args(List<String> positionals, Map<String, List<String>> values, Set<String> flags) {
        this.positionals = positionals;
        this.values = values;
        this.flags = flags;
    }

    static Args parse(List<String> tokens, Set<String> valuedOptions, Set<String> flagOptions) throws UsageException {
        Set<String> valued = union(valuedOptions, COMMON_VALUED);
        Set<String> flagged = union(flagOptions, COMMON_FLAGS);
        List<String> positionals = new ArrayList<>();
        Map<String, List<String>> values = new LinkedHashMap<>();
        Set<String> flags = new HashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (token.equals("--")) {
                positionals.addAll(tokens.subList(i + 1, tokens.size()));
                break;
            }
            if (!token.startsWith("--") || token.length() == 2) {
                positionals.add(token);
                continue;
            }
            String name = token.substring(2);
            String inline = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                inline = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (flagged.contains(name)) {
                if (inline != null) {
                    throw new UsageException("--" + name + " takes no value");
                }
                flags.add(name);
            } else if (valued.contains(name)) {
                String value = inline;
                if (value == null) {
                    if (i + 1 >= tokens.size()) {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    value = tokens.get(++i);
                }
                values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                throw new UsageException("unknown option --" + name);
            }
        }
        return new Args(List.copyOf(positionals), values, flags);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    List<String> positionals() {
        return positionals;
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    /** The last value given for the option, or null. */
    String value(String name) {
        List<String> given = values.get(name);
        return given == null ? null : given.getLast();
    }

    List<String> values(String name) {
        return values.getOrDefault(name, List.of());
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
        if (positionals.size() != 1) {
            throw new UsageException(positionals.isEmpty() ? "missing " + what : "expected one " + what + ", got " + positionals);
        }
        return positionals.getFirst();
    }

    void noPositionals() throws UsageException {
        if (!positionals.isEmpty()) {
            throw new UsageException("unexpected argument " + positionals.getFirst());
        }
    }
}
