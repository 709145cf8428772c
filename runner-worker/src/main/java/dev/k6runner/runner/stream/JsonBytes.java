package dev.k6runner.runner.stream;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte-level JSON pieces for one line held in a byte array. Every method is bounded by {@code end}
 * and returns {@link #BAD} instead of throwing: a malformed line costs a counter, never an
 * exception (exceptions on a hot path are slow and a cut line is an expected event).
 */
final class JsonBytes {

    static final int BAD = -1;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    private static final long EXACT_MANTISSA_LIMIT = 1L << 53;

    private JsonBytes() {
    }

    static int skipWhitespace(byte[] b, int p, int end) {
        while (p < end) {
            byte c = b[p];
            if (c != ' ' && c != '\t' && c != '\r') {
                return p;
            }
            p++;
        }
        return p;
    }

    /**
     * @param p position just after the opening quote
     * @return position of the closing quote, or BAD; a raw control byte (a line cut and glued to
     *         the next one) is BAD too. Looks at eight bytes at a time: strings are most of a line.
     */
    static int stringEnd(byte[] b, int p, int end) {
        while (p < end) {
            if (p + Long.BYTES <= end) {
                long special = specialBytes((long) LONGS.get(b, p));
                if (special == 0) {
                    p += Long.BYTES;
                    continue;
                }
                p += Long.numberOfTrailingZeros(special) >>> 3;
            }
            byte c = b[p];
            if (c == '"') {
                return p;
            }
            if (c == '\\') {
                if (p + 1 >= end || !isEscapable(b[p + 1])) {
                    return BAD;
                }
                p += 2;
                continue;
            }
            if (c >= 0 && c < 0x20) {
                return BAD;
            }
            p++;
        }
        return BAD;
    }

    /**
     * High bit set in each byte lane that may be a quote, a backslash or a control byte; the lowest
     * set lane is exact (SWAR: borrows only run upwards from a true hit).
     */
    private static long specialBytes(long word) {
        long quote = word ^ 0x2222222222222222L;
        long backslash = word ^ 0x5C5C5C5C5C5C5C5CL;
        long hits = ((quote - LOW_BITS) & ~quote) | ((backslash - LOW_BITS) & ~backslash)
                | ((word - 0x2020202020202020L) & ~word);
        return hits & HIGH_BITS;
    }

    private static boolean isEscapable(byte c) {
        return c == '"' || c == '\\' || c == '/' || c == 'b' || c == 'f' || c == 'n' || c == 'r' || c == 't' || c == 'u';
    }

    static boolean hasEscape(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\\') {
                return true;
            }
        }
        return false;
    }

    /** Skips any value (string, number, literal, object, array); returns the position after it. */
    static int skipValue(byte[] b, int p, int end) {
        if (p >= end) {
            return BAD;
        }
        byte c = b[p];
        if (c == '"') {
            int close = stringEnd(b, p + 1, end);
            return close == BAD ? BAD : close + 1;
        }
        if (c == '{' || c == '[') {
            return skipContainer(b, p, end);
        }
        int q = p;
        while (q < end && isScalarByte(b[q])) {
            q++;
        }
        return q == p ? BAD : q;
    }

    private static boolean isScalarByte(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '-' || c == '+' || c == '.' || c == 'E';
    }

    private static int skipContainer(byte[] b, int p, int end) {
        int depth = 0;
        while (p < end) {
            byte c = b[p];
            if (c == '"') {
                p = stringEnd(b, p + 1, end);
                if (p == BAD) {
                    return BAD;
                }
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (--depth == 0) {
                    return p + 1;
                }
            } else if (c == '\n') {
                return BAD;
            }
            p++;
        }
        return BAD;
    }

    static boolean equalsAscii(byte[] b, int from, int to, byte[] expected) {
        return to - from == expected.length && java.util.Arrays.equals(b, from, to, expected, 0, expected.length);
    }

    /** End of the number starting at p, or BAD; the value goes to {@code out[0]}. */
    static int parseNumber(byte[] b, int p, int end, double[] out) {
        int start = p;
        boolean negative = p < end && b[p] == '-';
        if (negative) {
            p++;
        }
        long mantissa = 0;
        int digits = 0;
        int exponent = 0;
        int intStart = p;
        while (p < end && b[p] >= '0' && b[p] <= '9') {
            mantissa = accumulate(mantissa, b[p], digits++);
            if (digits > 18) {
                exponent++;
            }
            p++;
        }
        if (p == intStart) {
            return BAD;
        }
        if (p < end && b[p] == '.') {
            int fracStart = ++p;
            while (p < end && b[p] >= '0' && b[p] <= '9') {
                if (digits < 18) {
                    mantissa = accumulate(mantissa, b[p], digits);
                    exponent--;
                }
                digits++;
                p++;
            }
            if (p == fracStart) {
                return BAD;
            }
        }
        if (p < end && (b[p] == 'e' || b[p] == 'E')) {
            p++;
            boolean negativeExp = p < end && b[p] == '-';
            if (p < end && (b[p] == '-' || b[p] == '+')) {
                p++;
            }
            int expStart = p;
            int explicit = 0;
            while (p < end && b[p] >= '0' && b[p] <= '9') {
                explicit = Math.min(explicit * 10 + (b[p] - '0'), 100_000);
                p++;
            }
            if (p == expStart) {
                return BAD;
            }
            exponent += negativeExp ? -explicit : explicit;
        }
        out[0] = exactOrSlow(b, start, p, negative, mantissa, digits, exponent);
        return p;
    }

    private static long accumulate(long mantissa, byte digit, int digitsSoFar) {
        return digitsSoFar < 18 ? mantissa * 10 + (digit - '0') : mantissa;
    }

    /** Clinger's fast path: exact when mantissa and power of ten are both exact doubles. */
    private static double exactOrSlow(byte[] b, int from, int to, boolean negative, long mantissa, int digits,
                                      int exponent) {
        if (digits <= 18 && mantissa < EXACT_MANTISSA_LIMIT && exponent >= -22 && exponent <= 22) {
            double v = exponent >= 0 ? mantissa * POWERS_OF_TEN[exponent] : mantissa / POWERS_OF_TEN[-exponent];
            return negative ? -v : v;
        }
        return Double.parseDouble(new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1));
    }
}
