package dev.k6runner.runner.stream;

/**
 * Parses the timestamps k6 writes ({@code 2026-11-23T23:41:45.429718195Z}, Go's RFC 3339 with
 * nanoseconds, trailing zeros dropped; an offset instead of Z when k6 runs in another zone) into
 * nanoseconds since the epoch without allocating: java.time would cost more than the rest of a line.
 */
final class Rfc3339 {

    static final long BAD = Long.MIN_VALUE;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Rfc3339() {
    }

    static long epochNanos(byte[] b, int from, int to) {
        if (to - from < 20 || b[from + 4] != '-' || b[from + 7] != '-' || (b[from + 10] | 0x20) != 't'
                || b[from + 13] != ':' || b[from + 16] != ':') {
            return BAD;
        }
        int year = digits(b, from, 4);
        int month = digits(b, from + 5, 2);
        int day = digits(b, from + 8, 2);
        int hour = digits(b, from + 11, 2);
        int minute = digits(b, from + 14, 2);
        int second = digits(b, from + 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1 || day > 31
                || hour > 23 || minute > 59 || second > 60) {
            return BAD;
        }
        int p = from + 19;
        long nanos = 0;
        if (p < to && b[p] == '.') {
            int scale = 100_000_000;
            p++;
            int fracStart = p;
            while (p < to && b[p] >= '0' && b[p] <= '9') {
                nanos += scale * (b[p] - '0');
                scale /= 10;
                p++;
            }
            if (p == fracStart) {
                return BAD;
            }
        }
        long offsetSeconds = offsetSeconds(b, p, to);
        if (offsetSeconds == BAD) {
            return BAD;
        }
        long epochSecond = daysFromCivil(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second
                - offsetSeconds;
        return epochSecond * NANOS_PER_SECOND + nanos;
    }

    private static long offsetSeconds(byte[] b, int p, int to) {
        if (p + 1 == to && (b[p] | 0x20) == 'z') {
            return 0;
        }
        if (p + 6 != to || (b[p] != '+' && b[p] != '-') || b[p + 3] != ':') {
            return BAD;
        }
        int hours = digits(b, p + 1, 2);
        int minutes = digits(b, p + 4, 2);
        if ((hours | minutes) < 0) {
            return BAD;
        }
        long seconds = hours * 3600L + minutes * 60L;
        return b[p] == '-' ? -seconds : seconds;
    }

    private static int digits(byte[] b, int p, int count) {
        int v = 0;
        for (int i = p; i < p + count; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** Howard Hinnant's days_from_civil: days since 1970-01-01 in the proleptic Gregorian calendar. */
    private static long daysFromCivil(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468L;
    }
}
