package dev.k6runner.deploychecks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compose's interpolation of {@code ${…}} in a parsed compose file, as {@code docker compose config} does it for a
 * given environment (the shell plus .env): {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR-default}},
 * {@code ${VAR:?error}} (unset or empty refuses the file), {@code ${VAR?error}} (unset refuses), {@code $$}.
 */
final class ComposeInterpolation {

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

    /** What compose makes of the file: every string interpolated, and the errors that stop it. */
    record Result(Map<String, Object> document, List<String> errors) {
    }

    private ComposeInterpolation() {
    }

    static Result interpolate(Map<String, Object> document, Map<String, String> environment) {
        List<String> errors = new ArrayList<>();
        Map<String, Object> interpolated = Yamls.map(walk(document, environment, errors));
        return new Result(interpolated, errors);
    }

    private static Object walk(Object value, Map<String, String> environment, List<String> errors) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((key, child) -> out.put(String.valueOf(key), walk(child, environment, errors)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(child -> walk(child, environment, errors)).toList();
        }
        return value instanceof String text ? string(text, environment, errors) : value;
    }

    static String string(String text, Map<String, String> environment, List<String> errors) {
        Matcher matcher = EXPRESSION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(expand(matcher, environment, errors)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String expand(Matcher matcher, Map<String, String> environment, List<String> errors) {
        if (matcher.group().equals("$$")) {
            return "$";
        }
        String name = matcher.group(1);
        String operator = matcher.group(2);
        String value = environment.get(name);
        boolean missing = operator != null && operator.startsWith(":") ? value == null || value.isEmpty() : value == null;
        if (operator == null || !missing) {
            return value == null ? "" : value;
        }
        if (operator.endsWith("?")) {
            errors.add("required variable " + name + " is missing a value: " + matcher.group(3));
            return "";
        }
        return matcher.group(3);
    }
}
