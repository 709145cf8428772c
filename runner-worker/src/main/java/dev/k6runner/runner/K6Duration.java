package dev.k6runner.runner;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as k6 and the seed's K6_TIMEOUT write them: plain seconds ("300") or k6 notation ("1h30m", "90s", "500ms"). */
public final class K6Duration {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    private K6Duration() {
    }

    public static Duration parse(String text) {
        String value = text.trim();
        if (value.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        Matcher matcher = PART.matcher(value);
        long millis = 0;
        int end = 0;
        while (matcher.find() && matcher.start() == end) {
            double amount = Double.parseDouble(matcher.group(1));
            millis += (long) (amount * switch (matcher.group(2)) {
                case "h" -> 3_600_000;
                case "m" -> 60_000;
                case "s" -> 1_000;
                default -> 1;
            });
            end = matcher.end();
        }
        if (end == 0 || end != value.length()) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (use seconds or k6 notation such as 90s, 15m, 1h30m)");
        }
        return Duration.ofMillis(millis);
    }
}
