package dev.k6runner.runner.stream;

/**
 * A tag value as it sits in the line buffer (raw, possibly escaped); valid until the next line.
 * Unescaped into UTF-8 only when it holds a backslash, so lookups by bytes stay allocation-free.
 */
final class TagSlice {

    private byte[] raw;
    private int from;
    private int to;
    private boolean present;

    void clear() {
        present = false;
    }

    void set(byte[] buffer, int start, int end) {
        raw = buffer;
        from = start;
        to = end;
        present = true;
    }

    /**
     * Writes the unescaped value into {@code out} at {@code pos}; returns the new end or
     * {@link JsonBytes#BAD} when it does not fit. An absent tag is the empty string.
     */
    int copyUnescaped(byte[] out, int pos) {
        if (!present) {
            return pos;
        }
        if (!JsonBytes.hasEscape(raw, from, to)) {
            int length = to - from;
            if (pos + length > out.length) {
                return JsonBytes.BAD;
            }
            System.arraycopy(raw, from, out, pos, length);
            return pos + length;
        }
        return JsonStrings.unescape(raw, from, to, out, pos);
    }
}
