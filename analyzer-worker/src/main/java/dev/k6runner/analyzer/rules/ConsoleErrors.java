package dev.k6runner.analyzer.rules;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exceptions thrown inside iterations, as k6 logs them: {@code level=error msg="Error: …" …
 * source=stacktrace}. The console is a capped tail, so the count is a lower bound.
 */
record ConsoleErrors(int count, String mostFrequent) {

    private static final Pattern MESSAGE = Pattern.compile("msg=\"((?:[^\"\\\\]|\\\\.)*?)(?:\\\\n|\")");

    static ConsoleErrors scan(String console) {
        if (console == null || console.isEmpty()) {
            return new ConsoleErrors(0, null);
        }
        Map<String, Integer> byMessage = new HashMap<>();
        int count = 0;
        for (String line : console.split("\n")) {
            if (line.contains("level=error") && line.contains("source=stacktrace")) {
                count++;
                Matcher matcher = MESSAGE.matcher(line);
                byMessage.merge(matcher.find() ? matcher.group(1) : "unknown error", 1, Integer::sum);
            }
        }
        String top = byMessage.entrySet().stream().max(Map.Entry.comparingByValue())
                .map(entry -> "'" + entry.getKey() + "' ×" + entry.getValue()).orElse(null);
        return new ConsoleErrors(count, top);
    }
}
