package dev.k6runner.bench.merge;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One execution segment's {@code --out json} stream, generated in the shape of the recordings: per
 * request http_reqs, http_req_duration (with the expected_response sub-metric declared), six more
 * http_req_* trends, http_req_failed, checks, data_sent/received, iteration_duration and iterations;
 * vus each second; 40 endpoints; response times log-normal around 50 ms with a slower endpoint tail.
 * The http_req_duration samples are kept, exactly as written, for the exact percentiles of the union.
 */
final class SegmentStream {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String[] TRENDS = {"http_req_blocked", "http_req_connecting", "http_req_tls_handshaking",
        "http_req_sending", "http_req_waiting", "http_req_receiving"};

    final byte[] ndjson;
    final double[] durations;

    private SegmentStream(byte[] ndjson, double[] durations) {
        this.ndjson = ndjson;
        this.durations = durations;
    }

    static SegmentStream generate(int segment, int seconds, int requestsPerSecond) {
        SplittableRandom random = new SplittableRandom(18L * 1000 + segment);
        StringBuilder out = new StringBuilder(1 << 20);
        declare(out);
        double[] durations = new double[seconds * requestsPerSecond];
        long start = Instant.parse("2026-12-02T08:00:00Z").getEpochSecond();
        int n = 0;
        for (int s = 0; s < seconds; s++) {
            long second = start + s;
            point(out, "vus", time(second, 0), "10", "{}");
            for (int r = 0; r < requestsPerSecond; r++) {
                long nanos = (long) r * 1_000_000_000L / requestsPerSecond + segment * 7_919L;
                int endpoint = random.nextInt(40);
                double ms = Math.exp(Math.log(50) + 0.5 * random.nextGaussian()) * (endpoint == 0 ? 8 : 1);
                String value = String.format(Locale.ROOT, "%.6f", ms);
                durations[n++] = Double.parseDouble(value);
                request(out, second, nanos, endpoint, value, random);
            }
        }
        return new SegmentStream(out.toString().getBytes(StandardCharsets.UTF_8), Arrays.copyOf(durations, n));
    }

    private static void request(StringBuilder out, long second, long nanos, int endpoint, String duration,
            SplittableRandom random) {
        boolean failed = random.nextInt(100) < 2;
        String time = time(second, nanos);
        String tags = "{\"expected_response\":\"" + !failed + "\",\"group\":\"\",\"method\":\"GET\",\"name\":\"http://target/api/"
                + endpoint + "?q=1\\u0026p=2\",\"proto\":\"HTTP/1.1\",\"scenario\":\"default\",\"status\":\""
                + (failed ? 500 : 200) + "\",\"url\":\"http://target/api/" + endpoint + "\"}";
        point(out, "http_reqs", time, "1", tags);
        point(out, "http_req_duration", time, duration, tags);
        for (String trend : TRENDS) {
            point(out, trend, time, String.format(Locale.ROOT, "%.6f", random.nextDouble() * 2), tags);
        }
        point(out, "http_req_failed", time, failed ? "1" : "0", tags);
        point(out, "checks", time, failed ? "0" : "1", "{\"check\":\"is 200\",\"group\":\"\",\"scenario\":\"default\"}");
        String plain = "{\"group\":\"\",\"scenario\":\"default\"}";
        point(out, "data_sent", time, "90", plain);
        point(out, "data_received", time, "155", plain);
        point(out, "iteration_duration", time, duration, plain);
        point(out, "iterations", time, "1", plain);
    }

    private static void declare(StringBuilder out) {
        metric(out, "http_reqs", "counter", "default", "[]", "null");
        metric(out, "http_req_duration", "trend", "time", "[\"p(95)<500\"]",
                "[{\"name\":\"http_req_duration{expected_response:true}\",\"suffix\":\"expected_response:true\","
                        + "\"tags\":{\"expected_response\":\"true\"}}]");
        for (String trend : TRENDS) {
            metric(out, trend, "trend", "time", "[]", "null");
        }
        metric(out, "http_req_failed", "rate", "default", "[\"rate<0.05\"]", "null");
        metric(out, "checks", "rate", "default", "[]", "null");
        metric(out, "data_sent", "counter", "data", "[]", "null");
        metric(out, "data_received", "counter", "data", "[]", "null");
        metric(out, "iteration_duration", "trend", "time", "[]", "null");
        metric(out, "iterations", "counter", "default", "[]", "null");
        metric(out, "vus", "gauge", "default", "[]", "null");
    }

    private static void metric(StringBuilder out, String name, String type, String contains, String thresholds, String subs) {
        out.append("{\"type\":\"Metric\",\"data\":{\"name\":\"").append(name).append("\",\"type\":\"").append(type)
                .append("\",\"contains\":\"").append(contains).append("\",\"thresholds\":").append(thresholds)
                .append(",\"submetrics\":").append(subs).append("},\"metric\":\"").append(name).append("\"}\n");
    }

    private static String time(long second, long nanos) {
        return TIME.format(Instant.ofEpochSecond(second, nanos));
    }

    private static void point(StringBuilder out, String metric, String time, String value, String tags) {
        out.append("{\"metric\":\"").append(metric).append("\",\"type\":\"Point\",\"data\":{\"time\":\"")
                .append(time).append("\",\"value\":").append(value)
                .append(",\"tags\":").append(tags).append("}}\n");
    }
}
