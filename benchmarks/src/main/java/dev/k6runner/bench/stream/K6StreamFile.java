package dev.k6runner.bench.stream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes (once, then reuses) a large {@code --out json} file shaped like the recordings of real
 * k6: per request http_reqs, the seven http_req_* trends, http_req_failed, checks, data_sent,
 * data_received, iteration_duration and iterations; per second vus and vus_max; now and then a
 * custom Trend and Counter inside a group. Names mix plain paths, ids and query strings (Go escapes
 * {@code &} as {@code \u0026}); statuses 200/201/404/500; about 10 % failures.
 */
final class K6StreamFile {

    private static final String[] TRENDS = {"http_req_blocked", "http_req_connecting", "http_req_tls_handshaking",
        "http_req_sending", "http_req_waiting", "http_req_receiving"};
    private static final DateTimeFormatter SECOND =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    /** A busy test: 2000 requests per second. */
    static final int BUSY = 2000;

    private K6StreamFile() {
    }

    static Path ensure(long targetBytes, int requestsPerSecond) throws IOException {
        Path file = Path.of(System.getProperty("java.io.tmpdir"),
                "k6-stream-bench-" + targetBytes + "-" + requestsPerSecond + "rps.ndjson");
        if (Files.exists(file) && Files.size(file) >= targetBytes) {
            return file;
        }
        Path partial = Files.createTempFile(file.getParent(), "k6-stream-bench", ".partial");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 20)) {
            new Writer(out, requestsPerSecond).writeUntil(targetBytes);
        }
        return Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static final class Writer {
        private final OutputStream out;
        private final long nanosPerRequest;
        private final StringBuilder line = new StringBuilder(1024);
        private final long start = Instant.parse("2026-11-23T23:00:00Z").getEpochSecond();
        private long written;
        private long seed = 7;
        private long lastSecond = -1;
        private String prefix = "";
        private long prefixSecond = -1;

        Writer(OutputStream out, int requestsPerSecond) {
            this.out = out;
            this.nanosPerRequest = 1_000_000_000L / requestsPerSecond;
        }

        void writeUntil(long targetBytes) throws IOException {
            for (String metric : new String[] {"http_reqs", "http_req_duration", "http_req_failed", "vus"}) {
                String kind = metric.equals("http_reqs") ? "counter" : metric.equals("vus") ? "gauge"
                        : metric.equals("http_req_failed") ? "rate" : "trend";
                write("{\"type\":\"Metric\",\"data\":{\"name\":\"" + metric + "\",\"type\":\"" + kind
                        + "\",\"contains\":\"default\",\"thresholds\":[],\"submetrics\":null},\"metric\":\"" + metric + "\"}\n");
            }
            for (long request = 0; written < targetBytes; request++) {
                long nanosIntoRun = request * nanosPerRequest + next() % 100_000;
                long second = start + nanosIntoRun / 1_000_000_000L;
                String time = time(second, nanosIntoRun % 1_000_000_000L);
                if (second != lastSecond) {
                    lastSecond = second;
                    point("vus", time, Long.toString(50 + (second - start) % 100), "{}");
                    point("vus_max", time, "150", "{}");
                }
                request(time, (int) (next() % 40));
            }
        }

        private void request(String time, int endpoint) throws IOException {
            boolean post = endpoint % 5 == 0;
            boolean failed = next() % 10 == 0;
            String status = failed ? (endpoint % 2 == 0 ? "500" : "404") : post ? "201" : "200";
            String url = endpoint < 10 ? "http://127.0.0.1:18080/api/items/" + endpoint
                    : endpoint < 30 ? "http://127.0.0.1:18080/search?q=item" + endpoint + "\\u0026page=" + endpoint % 3
                    : "http://127.0.0.1:18080/slow?ms=" + endpoint * 10;
            String group = endpoint % 3 == 0 ? "::checkout" : "";
            String tags = "{\"expected_response\":\"" + !failed + "\",\"group\":\"" + group + "\",\"method\":\""
                    + (post ? "POST" : "GET") + "\",\"name\":\"" + url + "\",\"proto\":\"HTTP/1.1\",\"scenario\":\"default\","
                    + "\"status\":\"" + status + "\",\"url\":\"" + url + "\"}";
            double duration = 0.15 + (next() % 300_000) / 1000.0 * (next() % 50 == 0 ? 10 : 1);
            point("http_reqs", time, "1", tags);
            point("http_req_duration", time, Double.toString(duration), tags);
            for (String trend : TRENDS) {
                point(trend, time, Double.toString((next() % 900_000) / 1000.0), tags);
            }
            point("http_req_failed", time, failed ? "1" : "0", tags);
            String base = "{\"group\":\"" + group + "\",\"scenario\":\"default\"}";
            point("checks", time, failed ? "0" : "1",
                    "{\"check\":\"status is 2xx\",\"group\":\"" + group + "\",\"scenario\":\"default\"}");
            if (endpoint % 3 == 0) {
                point("cart_time", time, Double.toString(duration / 2), "{\"group\":\"::checkout\",\"scenario\":\"default\",\"team\":\"payments\"}");
                point("orders_placed", time, "1", "{\"group\":\"::checkout\",\"scenario\":\"default\",\"team\":\"payments\"}");
            }
            point("data_sent", time, Long.toString(80 + endpoint), base);
            point("data_received", time, Long.toString(1000 + next() % 5000), base);
            point("iteration_duration", time, Double.toString(duration + 1.1), base);
            point("iterations", time, "1", base);
        }

        private void point(String metric, String time, String value, String tags) throws IOException {
            line.setLength(0);
            line.append("{\"metric\":\"").append(metric).append("\",\"type\":\"Point\",\"data\":{\"time\":\"").append(time)
                    .append("\",\"value\":").append(value).append(",\"tags\":").append(tags).append("}}\n");
            write(line.toString());
        }

        private void write(String text) throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            out.write(bytes);
            written += bytes.length;
        }

        private String time(long second, long nanos) {
            if (second != prefixSecond) {
                prefixSecond = second;
                prefix = SECOND.format(Instant.ofEpochSecond(second));
            }
            return prefix + "." + String.format("%09d", nanos) + "Z";
        }

        private long next() {
            seed ^= seed << 13;
            seed ^= seed >>> 7;
            seed ^= seed << 17;
            return seed & Long.MAX_VALUE;
        }
    }
}
