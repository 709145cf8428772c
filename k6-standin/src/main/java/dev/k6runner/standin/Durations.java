package dev.k6runner.standin;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go-style durations as k6 prints them: {@code 3s}, {@code 1m0s}, {@code 0m01.0s}, {@code 00m00.2s}. */
final class Durations {

    private static final Pattern GO = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+(?:\\.\\d+)?)s)?");

    private Durations() {
    }

    /** Seconds, or -1 when the text is not a duration. */
    static double seconds(String text) {
        Matcher m = GO.matcher(text);
        if (text.isEmpty() || !m.matches()) {
            return -1;
        }
        double seconds = 0;
        seconds += m.group(1) == null ? 0 : Integer.parseInt(m.group(1)) * 3600.0;
        seconds += m.group(2) == null ? 0 : Integer.parseInt(m.group(2)) * 60.0;
        seconds += m.group(3) == null ? 0 : Double.parseDouble(m.group(3));
        return seconds;
    }
}
