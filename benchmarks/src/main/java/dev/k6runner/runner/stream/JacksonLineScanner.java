package dev.k6runner.runner.stream;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import dev.k6runner.runner.stream.LineScanner.Kind;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * The same reading of one {@code --out json} line as {@link LineScanner}, done with Jackson's
 * streaming parser (Jackson 3, {@code tools.jackson.core}) and {@code java.time}: what the runner
 * would use if the hand-written scanner ({@code JsonBytes}, {@code JsonStrings}, {@code Rfc3339},
 * {@code LineScanner}) were dropped. Kept in the benchmarks module, in the fold's package so it
 * feeds the very same {@link RunFold}, as the comparison behind docs/stream-folding.md.
 *
 * <p>Written the way Jackson is fast: one parser per line over the line's bytes (the runner needs
 * line boundaries to count and skip a malformed line), property names matched as Jackson's
 * canonical (interned) strings, no {@code String} for a value the fold does not keep, values it
 * does not read skipped with {@code skipChildren()}, the fast double parser on.
 */
final class JacksonLineScanner {

    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    private static final int UNSEEN = -1;
    private static final int OTHER_TYPE = 0;
    private static final int IS_POINT = 1;
    private static final int IS_METRIC = 2;

    final ScannedPoint point = new ScannedPoint();
    private final TagBytes methodBytes = new TagBytes();
    private final TagBytes nameBytes = new TagBytes();
    private final TagBytes statusBytes = new TagBytes();
    private final byte[] asciiScratch = new byte[64];
    private final boolean handWrittenTime;
    private int type;
    private int metric;
    private boolean hasTime;
    private boolean hasValue;

    /**
     * @param handWrittenTime parse {@code data.time} with the hand-written {@link Rfc3339} instead of
     *                        {@code java.time} (to tell how much of the difference is the timestamps)
     */
    JacksonLineScanner(boolean handWrittenTime) {
        this.handWrittenTime = handWrittenTime;
    }

    Kind scan(byte[] b, int from, int to) {
        type = UNSEEN;
        metric = UNSEEN;
        hasTime = false;
        hasValue = false;
        point.clearTags();
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), b, from, to - from)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return Kind.BLANK;
            }
            if (first != JsonToken.START_OBJECT || !top(p) || p.nextToken() != null) {
                return Kind.MALFORMED;
            }
        } catch (JacksonException | DateTimeParseException e) {
            return Kind.MALFORMED;
        }
        if (type == IS_POINT && metric != UNSEEN && hasTime && hasValue) {
            point.metric = metric;
            return Kind.POINT;
        }
        return type == IS_METRIC ? Kind.METRIC : Kind.MALFORMED;
    }

    private boolean top(JsonParser p) {
        for (String key = p.nextName(); key != null; key = p.nextName()) {
            JsonToken value = p.nextToken();
            switch (key) {
                case "type" -> {
                    if (value != JsonToken.VALUE_STRING) {
                        return false;
                    }
                    type = textIs(p, "Point") ? IS_POINT : textIs(p, "Metric") ? IS_METRIC : OTHER_TYPE;
                }
                case "metric" -> {
                    if (value != JsonToken.VALUE_STRING) {
                        return false;
                    }
                    metric = identify(p);
                }
                case "data" -> {
                    if (!data(p, value)) {
                        return false;
                    }
                }
                default -> p.skipChildren();
            }
        }
        return true;
    }

    private boolean data(JsonParser p, JsonToken value) {
        if (value != JsonToken.START_OBJECT) {
            return false;
        }
        if (type == IS_POINT && metric == KnownMetric.OTHER) {
            p.skipChildren();
            hasTime = true;
            hasValue = true;
            return true;
        }
        for (String key = p.nextName(); key != null; key = p.nextName()) {
            JsonToken token = p.nextToken();
            switch (key) {
                case "time" -> {
                    if (token != JsonToken.VALUE_STRING) {
                        return false;
                    }
                    point.timeNanos = handWrittenTime ? rfc3339(p) : javaTime(p.getString());
                    hasTime = point.timeNanos != Rfc3339.BAD;
                    if (!hasTime) {
                        return false;
                    }
                }
                case "value" -> {
                    if (!token.isNumeric()) {
                        return false;
                    }
                    point.value = p.getDoubleValue();
                    hasValue = true;
                }
                case "tags" -> tags(p, token);
                default -> p.skipChildren();
            }
        }
        return true;
    }

    private void tags(JsonParser p, JsonToken value) {
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        for (String key = p.nextName(); key != null; key = p.nextName()) {
            JsonToken token = p.nextToken();
            TagBytes slot = switch (key) {
                case "method" -> methodBytes;
                case "name" -> nameBytes;
                case "status" -> statusBytes;
                default -> null;
            };
            if (slot == null || token != JsonToken.VALUE_STRING) {
                p.skipChildren();
                continue;
            }
            TagSlice slice = slot == methodBytes ? point.method : slot == nameBytes ? point.name : point.status;
            slot.fill(p, slice);
        }
    }

    private static long javaTime(String text) {
        OffsetDateTime time = OffsetDateTime.parse(text);
        return time.toEpochSecond() * 1_000_000_000L + time.getNano();
    }

    private long rfc3339(JsonParser p) {
        int length = asciiInto(p, asciiScratch);
        return length < 0 ? Rfc3339.BAD : Rfc3339.epochNanos(asciiScratch, 0, length);
    }

    /** The current string as ASCII bytes in {@code out}; -1 when it is longer or not ASCII. */
    private static int asciiInto(JsonParser p, byte[] out) {
        char[] chars = p.getStringCharacters();
        int offset = p.getStringOffset();
        int length = p.getStringLength();
        if (length > out.length) {
            return -1;
        }
        for (int i = 0; i < length; i++) {
            char c = chars[offset + i];
            if (c > 0x7F) {
                return -1;
            }
            out[i] = (byte) c;
        }
        return length;
    }

    private int identify(JsonParser p) {
        int length = asciiInto(p, asciiScratch);
        return length < 0 ? KnownMetric.OTHER : KnownMetric.of(asciiScratch, 0, length);
    }

    private static boolean textIs(JsonParser p, String expected) {
        char[] chars = p.getStringCharacters();
        int offset = p.getStringOffset();
        if (p.getStringLength() != expected.length()) {
            return false;
        }
        for (int i = 0; i < expected.length(); i++) {
            if (chars[offset + i] != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A tag value as the UTF-8 bytes {@link TagSlice} expects: TagSlice holds JSON string contents
     * and unescapes a backslash, so Jackson's decoded text goes back with {@code \} as {@code \\}.
     */
    private static final class TagBytes {
        private byte[] bytes = new byte[256];

        void fill(JsonParser p, TagSlice slice) {
            char[] chars = p.getStringCharacters();
            int offset = p.getStringOffset();
            int length = p.getStringLength();
            if (bytes.length < length * 2) {
                bytes = new byte[length * 2];
            }
            int o = 0;
            for (int i = 0; i < length; i++) {
                char c = chars[offset + i];
                if (c > 0x7F) {
                    slowFill(p.getString(), slice);
                    return;
                }
                if (c == '\\') {
                    bytes[o++] = '\\';
                }
                bytes[o++] = (byte) c;
            }
            slice.set(bytes, 0, o);
        }

        private void slowFill(String text, TagSlice slice) {
            byte[] utf8 = text.replace("\\", "\\\\").getBytes(StandardCharsets.UTF_8);
            bytes = utf8.length > bytes.length ? utf8 : bytes;
            System.arraycopy(utf8, 0, bytes, 0, utf8.length);
            slice.set(bytes, 0, utf8.length);
        }
    }
}
