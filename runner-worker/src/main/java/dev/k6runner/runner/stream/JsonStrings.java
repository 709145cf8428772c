package dev.k6runner.runner.stream;

import java.nio.charset.StandardCharsets;

/**
 * Unescapes JSON string contents into UTF-8 bytes. Go's encoder escapes {@code < > &} as
 * {@code \u003c \u003e \u0026}, so URLs with a query string do carry escapes in k6's stream.
 */
final class JsonStrings {

    private JsonStrings() {
    }

    /**
     * Writes the unescaped bytes of {@code b[from, to)} (string contents without quotes) into
     * {@code out} from {@code outPos}; returns the new end, or {@link JsonBytes#BAD} when the
     * escape is invalid or {@code out} is too small.
     */
    static int unescape(byte[] b, int from, int to, byte[] out, int outPos) {
        int o = outPos;
        int i = from;
        while (i < to) {
            byte c = b[i++];
            if (c != '\\') {
                if (o >= out.length) {
                    return JsonBytes.BAD;
                }
                out[o++] = c;
                continue;
            }
            if (i >= to) {
                return JsonBytes.BAD;
            }
            byte e = b[i++];
            int codePoint;
            switch (e) {
                case '"', '\\', '/' -> codePoint = e;
                case 'b' -> codePoint = '\b';
                case 'f' -> codePoint = '\f';
                case 'n' -> codePoint = '\n';
                case 'r' -> codePoint = '\r';
                case 't' -> codePoint = '\t';
                case 'u' -> {
                    int unit = hex4(b, i, to);
                    if (unit < 0) {
                        return JsonBytes.BAD;
                    }
                    i += 4;
                    codePoint = unit;
                    if (Character.isHighSurrogate((char) unit) && i + 6 <= to && b[i] == '\\' && b[i + 1] == 'u') {
                        int low = hex4(b, i + 2, to);
                        if (low >= 0 && Character.isLowSurrogate((char) low)) {
                            codePoint = Character.toCodePoint((char) unit, (char) low);
                            i += 6;
                        }
                    }
                }
                default -> {
                    return JsonBytes.BAD;
                }
            }
            o = putUtf8(codePoint, out, o);
            if (o == JsonBytes.BAD) {
                return JsonBytes.BAD;
            }
        }
        return o;
    }

    static String decode(byte[] b, int from, int to) {
        if (!JsonBytes.hasEscape(b, from, to)) {
            return new String(b, from, to - from, StandardCharsets.UTF_8);
        }
        byte[] out = new byte[(to - from) * 3];
        int end = unescape(b, from, to, out, 0);
        return end == JsonBytes.BAD ? new String(b, from, to - from, StandardCharsets.UTF_8)
                : new String(out, 0, end, StandardCharsets.UTF_8);
    }

    private static int hex4(byte[] b, int p, int to) {
        if (p + 4 > to) {
            return -1;
        }
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(b[p + k], 16);
            if (d < 0) {
                return -1;
            }
            v = v << 4 | d;
        }
        return v;
    }

    /** A lone surrogate becomes U+FFFD, as Go's decoder does. */
    private static int putUtf8(int cp, byte[] out, int o) {
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            cp = 0xFFFD;
        }
        int need = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        if (o + need > out.length) {
            return JsonBytes.BAD;
        }
        switch (need) {
            case 1 -> out[o] = (byte) cp;
            case 2 -> {
                out[o] = (byte) (0xC0 | cp >> 6);
                out[o + 1] = (byte) (0x80 | cp & 0x3F);
            }
            case 3 -> {
                out[o] = (byte) (0xE0 | cp >> 12);
                out[o + 1] = (byte) (0x80 | cp >> 6 & 0x3F);
                out[o + 2] = (byte) (0x80 | cp & 0x3F);
            }
            default -> {
                out[o] = (byte) (0xF0 | cp >> 18);
                out[o + 1] = (byte) (0x80 | cp >> 12 & 0x3F);
                out[o + 2] = (byte) (0x80 | cp >> 6 & 0x3F);
                out[o + 3] = (byte) (0x80 | cp & 0x3F);
            }
        }
        return o + need;
    }
}
