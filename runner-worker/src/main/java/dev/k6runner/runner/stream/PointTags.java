package dev.k6runner.runner.stream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Every tag of one point as slices of the line buffer (raw, possibly escaped), read only for the
 * metrics that need more than the endpoint's three tags: sub-metric selectors, checks and groups.
 * Valid until the next line.
 */
final class PointTags {

    private static final int MAX_TAGS = 32;
    private static final byte[] CHECK = "check".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GROUP = "group".getBytes(StandardCharsets.US_ASCII);

    private final int[] keyFrom = new int[MAX_TAGS];
    private final int[] keyTo = new int[MAX_TAGS];
    private final int[] valueFrom = new int[MAX_TAGS];
    private final int[] valueTo = new int[MAX_TAGS];
    private final byte[] scratch = new byte[4096];
    private byte[] line;
    private int size;

    void clear() {
        size = 0;
    }

    void add(byte[] b, int kFrom, int kTo, int vFrom, int vTo) {
        if (size < MAX_TAGS) {
            line = b;
            keyFrom[size] = kFrom;
            keyTo[size] = kTo;
            valueFrom[size] = vFrom;
            valueTo[size] = vTo;
            size++;
        }
    }

    /** True when every key is present with its value (keys and values unescaped UTF-8). */
    boolean matches(byte[][] keys, byte[][] values) {
        for (int k = 0; k < keys.length; k++) {
            int i = indexOf(keys[k]);
            if (i < 0 || !valueEquals(i, values[k])) {
                return false;
            }
        }
        return true;
    }

    /** Index of the check tag, or -1. */
    int checkTag() {
        return indexOf(CHECK);
    }

    /** Index of the group tag, or -1. */
    int groupTag() {
        return indexOf(GROUP);
    }

    /** The unescaped value of tag {@code i}; {@code ""} for -1 (an absent tag). */
    String decoded(int i) {
        return i < 0 ? "" : JsonStrings.decode(line, valueFrom[i], valueTo[i]);
    }

    /** Whether tag {@code i}'s raw bytes equal {@code raw} (an absent tag equals the empty array). */
    boolean rawEquals(int i, byte[] raw) {
        if (i < 0) {
            return raw.length == 0;
        }
        return Arrays.equals(line, valueFrom[i], valueTo[i], raw, 0, raw.length);
    }

    byte[] raw(int i) {
        return i < 0 ? new byte[0] : Arrays.copyOfRange(line, valueFrom[i], valueTo[i]);
    }

    private int indexOf(byte[] key) {
        for (int i = 0; i < size; i++) {
            if (Arrays.equals(line, keyFrom[i], keyTo[i], key, 0, key.length)) {
                return i;
            }
        }
        return -1;
    }

    private boolean valueEquals(int i, byte[] expected) {
        int from = valueFrom[i];
        int to = valueTo[i];
        if (!JsonBytes.hasEscape(line, from, to)) {
            return Arrays.equals(line, from, to, expected, 0, expected.length);
        }
        int end = JsonStrings.unescape(line, from, to, scratch, 0);
        return end != JsonBytes.BAD && Arrays.equals(scratch, 0, end, expected, 0, expected.length);
    }
}
