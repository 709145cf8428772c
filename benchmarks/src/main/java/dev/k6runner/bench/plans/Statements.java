package dev.k6runner.bench.plans;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL the gateway really runs, read from its classes (their {@code static final String} constants that
 * name {@code runs}, {@code queue_clock} or {@code teams}), so the plans printed are those of the shipped statements, not of
 * copies that drift. Each becomes a {@code PREPARE}-able text with {@code $n} parameters, named ({@code :team})
 * or positional ({@code ?}); a positional one is named after the column it is compared with.
 */
record Statements(String owner, String field, String sql, List<String> parameters) {

    /** The classes whose statements a submission and a poll of a queued run execute. */
    static final List<String> INTAKE_AND_POLL = List.of("dev.k6runner.gateway.intake.IntakeStatements",
            "dev.k6runner.gateway.query.RunDocuments", "dev.k6runner.gateway.query.QueuePositions",
            "dev.k6runner.gateway.query.ArrivalPositions", "dev.k6runner.gateway.outbox.OutboxRelay");

    private static final Pattern NAMED = Pattern.compile("(?<![:\\w]):([A-Za-z]\\w*)");
    /** A column compared with the parameter; {@code id = ANY(?)} names it {@code id[]} (an array of ids). */
    private static final Pattern POSITIONAL_COLUMN = Pattern.compile("([A-Za-z_][\\w.]*)\\s*(?:=|<|>|<=|>=)\\s*(ANY\\(\\s*)?$");
    private static final Pattern POSITIONAL_LIMIT = Pattern.compile("LIMIT\\s*$");

    static List<Statements> of(List<String> classNames) throws ReflectiveOperationException {
        List<Statements> all = new ArrayList<>();
        for (String className : classNames) {
            Class<?> owner = Class.forName(className);
            for (Field field : owner.getDeclaredFields()) {
                if (field.getType() == String.class && Modifier.isStatic(field.getModifiers()) && Modifier.isFinal(field.getModifiers())) {
                    field.setAccessible(true);
                    String sql = (String) field.get(null);
                    if (sql != null && sql.matches("(?s).*\\b(runs|queue_clock|teams)\\b.*") && sql.matches("(?is)\\s*(WITH|SELECT|INSERT|UPDATE).*")) {
                        all.add(parse(owner.getSimpleName(), field.getName(), sql));
                    }
                }
            }
        }
        return all;
    }

    static Statements parse(String owner, String field, String sql) {
        Map<String, Integer> numbers = new LinkedHashMap<>();
        StringBuilder out = new StringBuilder();
        Matcher named = NAMED.matcher(sql);
        while (named.find()) {
            int number = numbers.computeIfAbsent(named.group(1), name -> numbers.size() + 1);
            named.appendReplacement(out, "\\$" + number);
        }
        named.appendTail(out);
        String text = out.toString();
        if (numbers.isEmpty() && text.indexOf('?') >= 0) {
            List<String> positional = new ArrayList<>();
            StringBuilder numbered = new StringBuilder();
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '?') {
                    Matcher column = POSITIONAL_COLUMN.matcher(numbered);
                    positional.add(column.find() ? column.group(1).replaceFirst(".*\\.", "") + (column.group(2) == null ? "" : "[]")
                            : POSITIONAL_LIMIT.matcher(numbered).find() ? "limit" : "?" + (positional.size() + 1));
                    numbered.append('$').append(positional.size());
                } else {
                    numbered.append(text.charAt(i));
                }
            }
            return new Statements(owner, field, numbered.toString(), positional);
        }
        return new Statements(owner, field, text, List.copyOf(numbers.keySet()));
    }

    String name() {
        return owner + "." + field;
    }
}
