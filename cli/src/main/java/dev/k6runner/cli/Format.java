package dev.k6runner.cli;

import java.util.Locale;

/** How numbers look in the CLI's text output; a metric the test did not produce shows as "-". */
final class Format {

    static final String NONE = "-";

    private Format() {
    }

    static String ms(Double value) {
        return value == null ? NONE : String.format(Locale.ROOT, "%.1f ms", value);
    }

    static String number(Double value, int decimals) {
        return value == null ? NONE : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    static String count(Long value) {
        return value == null ? NONE : String.format(Locale.ROOT, "%d", value);
    }

    static String percent(Double value) {
        return value == null ? NONE : String.format(Locale.ROOT, "%.2f %%", value);
    }

    static String bytes(Long value) {
        if (value == null) {
            return NONE;
        }
        if (value < 1000) {
            return value + " B";
        }
        if (value < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", value / 1000.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", value / 1_000_000.0);
    }

    static String seconds(Double value) {
        return value == null ? NONE : String.format(Locale.ROOT, "%.1f s", value);
    }

    static String orDash(String value) {
        return value == null || value.isBlank() ? NONE : value;
    }

    /** Pads or cuts to a column width, keeping one space before the next column whatever the data. */
    static String cell(String value, int width) {
        String text = orDash(value);
        if (text.length() >= width) {
            text = text.substring(0, Math.max(0, width - 2)) + "…";
        }
        return text + " ".repeat(width - text.length());
    }
}
