package dev.k6runner.gateway.report;

import java.util.Locale;

import tools.jackson.databind.JsonNode;

/** How numbers and times read on a page: few digits, units, "–" for what the run did not produce. */
public final class Fmt {

    public static final String NONE = "–";

    private Fmt() {
    }

    /** A number with at most two decimals and thousands separators; "–" for null or missing. */
    public static String number(JsonNode value) {
        return value == null || !value.isNumber() ? NONE : number(value.asDouble());
    }

    public static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%,.1f" : "%,.2f", value);
    }

    public static String withUnit(JsonNode value, String unit) {
        String number = number(value);
        return NONE.equals(number) ? NONE : number + " " + unit;
    }

    /** Bytes as KB/MB/GB (decimal, as k6 prints them). */
    public static String bytes(JsonNode value) {
        if (value == null || !value.isNumber()) {
            return NONE;
        }
        double bytes = value.asDouble();
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        int unit = 0;
        while (bytes >= 1000 && unit < units.length - 1) {
            bytes /= 1000;
            unit++;
        }
        return number(Math.round(bytes * 10) / 10.0) + " " + units[unit];
    }

    /** Seconds since the run's start as "+1m05s". */
    public static String offset(long seconds) {
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        if (hours > 0) {
            return "+%dh%02dm%02ds".formatted(hours, minutes, rest);
        }
        return minutes > 0 ? "+%dm%02ds".formatted(minutes, rest) : "+%ds".formatted(rest);
    }

    /** An ISO-8601 instant as "2026-11-30 11:00:02 UTC" (whole seconds); other text as it is; "–" for none. */
    public static String instant(JsonNode value) {
        String text = text(value);
        return text.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}.*Z")
                ? text.substring(0, 10) + " " + text.substring(11, 19) + " UTC" : text;
    }

    /** A JSON text value, or "–". */
    public static String text(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode() ? NONE : value.asString();
    }
}
