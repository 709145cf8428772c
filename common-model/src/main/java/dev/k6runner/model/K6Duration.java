package dev.k6runner.model;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A duration in k6's notation: one or more number+unit parts, e.g. {@code 30s}, {@code 5m}, {@code 1h30m},
 * {@code 500ms}; {@link #toString()} is its shortest such text. A time limit (a request's {@code timeout}, the
 * seed's {@code K6_TIMEOUT}) may also be plain seconds. The gateway and the runners read both with these same
 * methods, so a value one accepts the other does too; the static methods answer plain {@link Duration}s, which
 * is what every caller stores and compares.
 *
 * @param duration how long, never negative
 */
public record K6Duration(Duration duration) {

    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|us|µs|ns|h|m|s))+");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|us|µs|ns|h|m|s)");
    private static final Pattern PLAIN_SECONDS = Pattern.compile("\\d{1,9}");

    public K6Duration {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("k6 has no negative durations, got " + duration);
        }
    }

    /** @return null when the text is not in k6's notation */
    public static Duration parse(String text) {
        if (text == null || !WHOLE.matcher(text).matches()) {
            return null;
        }
        Matcher part = PART.matcher(text);
        BigDecimal nanos = BigDecimal.ZERO;
        while (part.find()) {
            nanos = nanos.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(nanosPer(part.group(2)))));
        }
        return Duration.ofNanos(nanos.min(BigDecimal.valueOf(Long.MAX_VALUE)).longValue());
    }

    /** Plain seconds ({@code 300}) or k6 notation ({@code 1h30m}), surrounding blanks ignored; null when neither. */
    public static Duration parseTimeLimit(String text) {
        if (text == null) {
            return null;
        }
        String stripped = text.strip();
        return PLAIN_SECONDS.matcher(stripped).matches() ? Duration.ofSeconds(Long.parseLong(stripped)) : parse(stripped);
    }

    /** {@link #parseTimeLimit} for a setting: a value that is not a time limit stops the service with its name. */
    public static Duration requireTimeLimit(String setting, String text) {
        Duration limit = parseTimeLimit(text);
        if (limit == null || limit.toSeconds() < 1) {
            throw new IllegalArgumentException(setting + " must be at least 1 s, in seconds (300) or k6 notation "
                    + "(90s, 15m, 1h30m), got '" + text + "'");
        }
        return limit;
    }

    private static long nanosPer(String unit) {
        return switch (unit) {
            case "h" -> 3_600_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "s" -> 1_000_000_000L;
            case "ms" -> 1_000_000L;
            case "us", "µs" -> 1_000L;
            default -> 1L;
        };
    }

    /** The shortest k6 notation of a duration, for error messages: 2h, 1h30m, 45s. */
    public static String format(Duration duration) {
        return new K6Duration(duration).toString();
    }

    /** The shortest k6 notation in whole seconds: 2h, 1h30m, 45s (what the limits and their messages use). */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (duration.toHoursPart() > 0 || duration.toDays() > 0) {
            text.append(duration.toHours()).append('h');
        }
        if (duration.toMinutesPart() > 0) {
            text.append(duration.toMinutesPart()).append('m');
        }
        if (duration.toSecondsPart() > 0 || text.isEmpty()) {
            text.append(duration.toSecondsPart()).append('s');
        }
        return text.toString();
    }
}
