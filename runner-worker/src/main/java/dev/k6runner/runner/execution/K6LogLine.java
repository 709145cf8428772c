package dev.k6runner.runner.execution;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One logfmt line as k6 writes to a non-terminal stderr: {@code time="…" level=error msg="…" hint="…"}.
 *
 * @param level k6's level (info, warning, error)
 * @param msg   the message, unescaped
 * @param hint  k6's hint ("script exception"), or null
 */
record K6LogLine(String level, String msg, String hint) {

    boolean isError() {
        return "error".equals(level);
    }

    /** The message without the JavaScript stack frames k6 appends ("\n\tat …"), for a status_reason. */
    String reason() {
        String text = msg;
        int frames = text.indexOf("\n\tat ");
        if (frames >= 0) {
            text = text.substring(0, frames);
        }
        text = text.strip();
        if (text.length() > 2000) {
            text = text.substring(0, 2000) + "…";
        }
        return hint == null ? text : text + " (" + hint + ")";
    }

    static Optional<K6LogLine> parse(String line) {
        Map<String, String> fields = fields(line);
        if (!fields.containsKey("level") || !fields.containsKey("msg")) {
            return Optional.empty();
        }
        return Optional.of(new K6LogLine(fields.get("level"), fields.get("msg"), fields.get("hint")));
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> fields = new HashMap<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && line.charAt(i) == ' ') {
                i++;
            }
            int eq = line.indexOf('=', i);
            if (eq < 0 || line.substring(i, eq).contains(" ")) {
                return fields;
            }
            String key = line.substring(i, eq);
            StringBuilder value = new StringBuilder();
            i = eq + 1;
            if (i < n && line.charAt(i) == '"') {
                i = quoted(line, i + 1, value);
            } else {
                while (i < n && line.charAt(i) != ' ') {
                    value.append(line.charAt(i++));
                }
            }
            fields.putIfAbsent(key, value.toString());
        }
        return fields;
    }

    private static int quoted(String line, int start, StringBuilder value) {
        int i = start;
        while (i < line.length() && line.charAt(i) != '"') {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                char next = line.charAt(++i);
                value.append(switch (next) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> next;
                });
            } else {
                value.append(c);
            }
            i++;
        }
        return i + 1;
    }
}
