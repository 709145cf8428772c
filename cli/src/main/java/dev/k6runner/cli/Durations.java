package dev.k6runner.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads k6's duration notation (500ms, 30s, 5m, 1h30m), plus days (7d) for search windows. */
final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    private Durations() {
    }

    static Optional<Duration> parse(String raw) {
        String text = raw.trim();
        if (text.matches("\\d+(\\.\\d+)?")) {
            return Optional.of(Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000)));
        }
        Matcher matcher = PART.matcher(text);
        long millis = 0;
        int end = 0;
        while (matcher.find() && matcher.start() == end) {
            double amount = Double.parseDouble(matcher.group(1));
            millis += Math.round(amount * switch (matcher.group(2)) {
                case "ms" -> 1;
                case "s" -> 1000;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                default -> 86_400_000;
            });
            end = matcher.end();
        }
        return end == text.length() && end > 0 ? Optional.of(Duration.ofMillis(millis)) : Optional.empty();
    }
}
