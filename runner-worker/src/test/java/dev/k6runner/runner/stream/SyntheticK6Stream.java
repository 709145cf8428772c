package dev.k6runner.runner.stream;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;

/**
 * An endless-looking but bounded k6 {@code --out json} stream, generated on the fly so that tens of
 * millions of points never sit in memory: per request the lines k6 writes (http_reqs, the seven
 * http_req_* trends, http_req_failed, data_sent, data_received, iteration_duration, iterations),
 * plus a vus gauge point each second. Deterministic for a given seed.
 */
final class SyntheticK6Stream extends InputStream {

    private static final String[] TRENDS = {"http_req_blocked", "http_req_connecting", "http_req_tls_handshaking",
        "http_req_sending", "http_req_waiting", "http_req_receiving"};
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final long maxPoints;
    private final int requestsPerSecond;
    private final int names;
    private final long startSecond;
    private final StringBuilder pending = new StringBuilder(8192);
    private byte[] chunk = new byte[0];
    private int chunkPos;
    private long points;
    private long request;
    private long seed = 42;
    private long lastGaugeSecond = Long.MIN_VALUE;
    private String secondPrefix = "";
    private long prefixSecond = Long.MIN_VALUE;

    SyntheticK6Stream(long maxPoints, int requestsPerSecond, int names, Instant start) {
        this.maxPoints = maxPoints;
        this.requestsPerSecond = requestsPerSecond;
        this.names = names;
        this.startSecond = start.getEpochSecond();
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (chunkPos == chunk.length && !refill()) {
            return -1;
        }
        int n = Math.min(len, chunk.length - chunkPos);
        System.arraycopy(chunk, chunkPos, b, off, n);
        chunkPos += n;
        return n;
    }

    private boolean refill() {
        pending.setLength(0);
        while (pending.length() < 64 * 1024 && points < maxPoints) {
            request();
        }
        chunk = pending.toString().getBytes(StandardCharsets.UTF_8);
        chunkPos = 0;
        return chunk.length > 0;
    }

    private void request() {
        long nanosIntoRun = request * 1_000_000_000L / requestsPerSecond;
        long second = startSecond + nanosIntoRun / 1_000_000_000L;
        String time = time(second, nanosIntoRun % 1_000_000_000L);
        if (second != lastGaugeSecond) {
            lastGaugeSecond = second;
            line("vus", time, Long.toString(1 + (second - startSecond) % 50), "{}");
        }
        int endpoint = (int) (request % names);
        boolean failed = next() % 10 == 0;
        String status = failed ? "500" : endpoint % 7 == 0 ? "404" : "200";
        String url = "http://127.0.0.1:18080/api/items/" + endpoint;
        String tags = "{\"expected_response\":\"" + !failed + "\",\"group\":\"\",\"method\":\"GET\",\"name\":\"" + url
                + "\",\"proto\":\"HTTP/1.1\",\"scenario\":\"default\",\"status\":\"" + status + "\",\"url\":\"" + url + "\"}";
        double duration = 0.2 + (next() % 200_000) / 1000.0 * (1 + (next() % 100 == 0 ? 20 : 0));
        line("http_reqs", time, "1", tags);
        line("http_req_duration", time, Double.toString(duration), tags);
        for (String trend : TRENDS) {
            line(trend, time, Double.toString((next() % 5000) / 1000.0), tags);
        }
        line("http_req_failed", time, failed ? "1" : "0", tags);
        String iterationTags = "{\"group\":\"\",\"scenario\":\"default\"}";
        line("data_sent", time, "87", iterationTags);
        line("data_received", time, "1234", iterationTags);
        line("iteration_duration", time, Double.toString(duration + 0.5), iterationTags);
        line("iterations", time, "1", iterationTags);
        request++;
    }

    private void line(String metric, String time, String value, String tags) {
        if (points >= maxPoints) {
            return;
        }
        points++;
        pending.append("{\"metric\":\"").append(metric).append("\",\"type\":\"Point\",\"data\":{\"time\":\"").append(time)
                .append("\",\"value\":").append(value).append(",\"tags\":").append(tags).append("}}\n");
    }

    private String time(long second, long nanos) {
        if (second != prefixSecond) {
            prefixSecond = second;
            secondPrefix = SECOND.format(Instant.ofEpochSecond(second));
        }
        return secondPrefix + "." + String.format("%09d", nanos) + "Z";
    }

    private long next() {
        seed ^= seed << 13;
        seed ^= seed >>> 7;
        seed ^= seed << 17;
        return seed & Long.MAX_VALUE;
    }
}
