package dev.k6runner.runner.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The byte-level pieces against plain reference implementations, on many random inputs. */
class JsonBytesTest {

    private static final String[] PIECES = {"a", "bc", "\"", "\\\"", "\\\\", "\\u0026", "é", "\u0001", "\\x", "\n", "𝄞", "12345678"};

    @Test
    void stringEndMatchesAByteByByteReference() {
        Random random = new Random(1);
        for (int round = 0; round < 20_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            }
            byte[] b = ("\"" + text + "\"  ").getBytes(UTF_8);
            int end = random.nextInt(b.length + 1);
            assertThat(JsonBytes.stringEnd(b, 1, end)).as("%s up to %d", text, end).isEqualTo(reference(b, 1, end));
        }
    }

    @Test
    void numbersParseLikeDoubleParseDouble() {
        Random random = new Random(2);
        double[] out = new double[1];
        for (int round = 0; round < 50_000; round++) {
            String number = switch (random.nextInt(4)) {
                case 0 -> Long.toString(random.nextLong() >> random.nextInt(64));
                case 1 -> Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(30) - 15));
                case 2 -> random.nextInt(100_000) + "." + random.nextInt(1_000_000) + "e" + (random.nextInt(80) - 40);
                default -> Double.toString(Double.longBitsToDouble(random.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL));
            };
            byte[] b = (number + ",").getBytes(UTF_8);
            int end = JsonBytes.parseNumber(b, 0, b.length, out);
            assertThat(end).as(number).isEqualTo(number.length());
            assertThat(out[0]).as(number).isEqualTo(Double.parseDouble(number));
        }
    }

    @Test
    void timestampsParseLikeJavaTime() {
        Random random = new Random(3);
        for (int round = 0; round < 20_000; round++) {
            long second = 946_684_800L + random.nextLong(4_000_000_000L);
            int nanos = random.nextInt(1_000_000_000);
            int offsetMinutes = random.nextBoolean() ? 0 : (random.nextInt(28 * 4) - 14 * 4) * 15;
            OffsetDateTime time = OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(second, nanos),
                    java.time.ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
            String text = time.toString().replace("+00:00", "Z");
            byte[] b = text.getBytes(UTF_8);
            long expected = second * 1_000_000_000L + nanos;
            assertThat(Rfc3339.epochNanos(b, 0, b.length)).as(text).isEqualTo(text.length() < 20 ? Rfc3339.BAD : expected);
        }
    }

    private static int reference(byte[] b, int p, int end) {
        for (int i = p; i < end; i++) {
            if (b[i] == '"') {
                return i;
            }
            if (b[i] == '\\') {
                if (i + 1 >= end || "\"\\/bfnrtu".indexOf(b[i + 1]) < 0) {
                    return JsonBytes.BAD;
                }
                i++;
            } else if (b[i] >= 0 && b[i] < 0x20) {
                return JsonBytes.BAD;
            }
        }
        return JsonBytes.BAD;
    }
}
