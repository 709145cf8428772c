package dev.k6runner.runner.stream;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A long k6 {@code --out json} stream, generated on the fly into a small buffer so that tens of
 * millions of points never sit in memory: per request the lines k6 writes (http_reqs, the seven
 * http_req_* trends, http_req_failed, data_sent, data_received, iteration_duration, iterations),
 * plus a vus gauge point each second. Deterministic; lines are assembled from pre-encoded bytes
 * so that generating costs less than folding.
 */
final class SyntheticK6Stream extends InputStream {

    private static final String[] PER_REQUEST = {"http_reqs", "http_req_duration", "http_req_blocked",
        "http_req_connecting", "http_req_tls_handshaking", "http_req_sending", "http_req_waiting",
        "http_req_receiving", "http_req_failed", "data_sent", "data_received", "iteration_duration", "iterations"};
    private static final String[] STATUSES = {"200", "404", "500"};
    private static final byte[] ZONE_AND_VALUE = bytes("Z\",\"value\":");
    private static final byte[] TAGS = bytes(",\"tags\":");
    private static final byte[] END = bytes("}}\n");
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final long maxPoints;
    private final int requestsPerSecond;
    private final long startSecond;
    private final byte[][] metricPrefixes = new byte[PER_REQUEST.length][];
    private final byte[] vusPrefix = bytes("{\"metric\":\"vus\",\"type\":\"Point\",\"data\":{\"time\":\"");
    private final byte[][][] endpointTags;
    private final byte[] iterationTags = bytes("{\"group\":\"\",\"scenario\":\"default\"}");
    private final byte[] chunk = new byte[80 * 1024];
    private int chunkEnd;
    private int chunkPos;
    private long points;
    private long request;
    private long seed = 42;
    private long lastGaugeSecond = Long.MIN_VALUE;
    private byte[] secondPrefix = new byte[0];

    SyntheticK6Stream(long maxPoints, int requestsPerSecond, int names, Instant start) {
        this.maxPoints = maxPoints;
        this.requestsPerSecond = requestsPerSecond;
        this.startSecond = start.getEpochSecond();
        for (int m = 0; m < PER_REQUEST.length; m++) {
            metricPrefixes[m] = bytes("{\"metric\":\"" + PER_REQUEST[m] + "\",\"type\":\"Point\",\"data\":{\"time\":\"");
        }
        endpointTags = new byte[names][STATUSES.length][];
        for (int n = 0; n < names; n++) {
            String url = "http://127.0.0.1:18080/api/items/" + n;
            for (int s = 0; s < STATUSES.length; s++) {
                endpointTags[n][s] = bytes("{\"expected_response\":\"" + (s == 0) + "\",\"group\":\"\",\"method\":\"GET\",\"name\":\""
                        + url + "\",\"proto\":\"HTTP/1.1\",\"scenario\":\"default\",\"status\":\"" + STATUSES[s]
                        + "\",\"url\":\"" + url + "\"}");
            }
        }
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (chunkPos == chunkEnd && !refill()) {
            return -1;
        }
        int n = Math.min(len, chunkEnd - chunkPos);
        System.arraycopy(chunk, chunkPos, b, off, n);
        chunkPos += n;
        return n;
    }

    private boolean refill() {
        chunkEnd = 0;
        chunkPos = 0;
        while (chunkEnd < 64 * 1024 && points < maxPoints) {
            request();
        }
        return chunkEnd > 0;
    }

    private void request() {
        long nanosIntoRun = request * 1_000_000_000L / requestsPerSecond;
        long second = startSecond + nanosIntoRun / 1_000_000_000L;
        long nanos = nanosIntoRun % 1_000_000_000L;
        if (second != lastGaugeSecond) {
            lastGaugeSecond = second;
            secondPrefix = bytes(SECOND.format(Instant.ofEpochSecond(second)) + ".");
            line(vusPrefix, nanos, 1 + (second - startSecond) % 50, 0, bytes("{}"));
        }
        int endpoint = (int) (request % endpointTags.length);
        boolean failed = next() % 10 == 0;
        byte[] tags = endpointTags[endpoint][failed ? 2 : endpoint % 7 == 0 ? 1 : 0];
        long durationMicros = 200 + next() % 200_000 * (next() % 100 == 0 ? 21 : 1);
        for (int m = 0; m < PER_REQUEST.length; m++) {
            long micros = switch (m) {
                case 0, 12 -> 1000;
                case 1 -> durationMicros;
                case 8 -> failed ? 1000 : 0;
                case 9 -> 87_000;
                case 10 -> 1_234_000;
                case 11 -> durationMicros + 500;
                default -> next() % 5000;
            };
            line(metricPrefixes[m], nanos, micros / 1000, micros % 1000, m >= 9 ? iterationTags : tags);
        }
        request++;
    }

    private void line(byte[] prefix, long nanos, long whole, long thousandths, byte[] tags) {
        if (points >= maxPoints) {
            return;
        }
        points++;
        put(prefix);
        put(secondPrefix);
        digits(nanos, 9);
        put(ZONE_AND_VALUE);
        put(Long.toString(whole).getBytes(StandardCharsets.US_ASCII));
        if (thousandths != 0) {
            chunk[chunkEnd++] = '.';
            digits(thousandths, 3);
        }
        put(TAGS);
        put(tags);
        put(END);
    }

    private void put(byte[] b) {
        System.arraycopy(b, 0, chunk, chunkEnd, b.length);
        chunkEnd += b.length;
    }

    private void digits(long value, int count) {
        for (int i = count - 1; i >= 0; i--) {
            chunk[chunkEnd + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        chunkEnd += count;
    }

    private long next() {
        seed ^= seed << 13;
        seed ^= seed >>> 7;
        seed ^= seed << 17;
        return seed & Long.MAX_VALUE;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
