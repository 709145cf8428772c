package dev.k6runner.bench.bundles;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.ToIntFunction;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import dev.k6runner.bench.client.GatewayClient;
import dev.k6runner.bench.process.Stack;
import dev.k6runner.bench.report.Report;
import dev.k6runner.bench.stats.Percentiles;
import dev.k6runner.bench.stats.Recorder;
import dev.k6runner.bench.wrk.Wrk;
import dev.k6runner.platform.bundle.BundleLimits;
import dev.k6runner.platform.bundle.BundleTar;
import dev.k6runner.runner.bundle.RunBundles;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 17's figures, each beside a baseline of the same run: submissions/s of a 1 MiB files map (the same one
 * again and again, and a new one each time) against single-file submissions, what re-submitting the same bundle
 * costs in storage, and the runner's part of claim → k6 start for a 10 MiB archive (read from Postgres, checked,
 * written into the run's folder) against a single-file run's. The submissions are measured twice: with the JDK's
 * HTTP client in this JVM (8 virtual threads; the client's own CPU shares the 2 cores) and with wrk, the standard
 * external client, posting the same bodies.
 */
public final class BundleFigures {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SCRIPT = "import { pick } from './lib/util.js';\nexport default function () {}\n";
    private static final int MIB = 1024 * 1024;

    /** POST /api/v1/test/run with the body read from the file given as the script's first argument. */
    private static final String WRK_SAME_BODY = """
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "application/json"
            function init(args)
              local file = io.open(args[1], "rb")
              wrk.body = file:read("*a")
              file:close()
            end
            """;

    /** The same, with a counter spliced in where the body file holds {@code @@} (so each bundle is new). */
    private static final String WRK_NEW_BODY = """
            local head, tail
            local threads = 0
            function setup(thread)
              thread:set("number", threads)
              threads = threads + 1
            end
            function init(args)
              local file = io.open(args[1], "rb")
              local body = file:read("*a")
              file:close()
              local at = string.find(body, "@@", 1, true)
              head = string.sub(body, 1, at - 1)
              tail = string.sub(body, at + 2)
            end
            local counter = 0
            request = function()
              counter = counter + 1
              return wrk.format("POST", "/api/v1/test/run", {["Content-Type"] = "application/json"},
                head .. number .. "-" .. counter .. tail)
            end
            """;

    private final Stack stack;
    private final Wrk wrk;
    private final GatewayClient gateway;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final int concurrency;
    private final Duration duration;

    public BundleFigures(Stack stack, Wrk wrk, String base, int concurrency, Duration duration) {
        this.stack = stack;
        this.wrk = wrk;
        this.base = base;
        this.gateway = new GatewayClient(base);
        this.concurrency = concurrency;
        this.duration = duration;
    }

    public void measure(Report report, Path folder) throws Exception {
        String single = GatewayClient.runRequest(SCRIPT.replace("import { pick } from './lib/util.js';\n", ""),
                "bench-bundles", "1m", Map.of());
        String csv = "name\n" + "user-000000\n".repeat(MIB / 12);
        String sameBundle = filesBody(csv);
        Recorder baseline = closedLoop(n -> single);
        long[] before = storage();
        Recorder same = closedLoop(n -> sameBundle);
        long[] after = storage();
        Recorder distinct = closedLoop(n -> filesBody(csv + "# " + UUID.randomUUID() + "\n"));
        byte[] sameArchive = multipartBody(archive(MIB));
        Recorder archives = closedLoopOf(n -> sameArchive, this::sendMultipart);
        String conditions = "%d concurrent clients, closed loop, %d s each, a 1 MiB CSV in `files`"
                .formatted(concurrency, duration.toSeconds());
        rate(report, "submissions/s, the same 1 MiB files map each time", same, baseline, conditions);
        rate(report, "submissions/s, a new 1 MiB files map each time", distinct, baseline, conditions);
        rate(report, "submissions/s, the same 1 MiB k6 archive each time (multipart)", archives, baseline,
                conditions.replace("a 1 MiB CSV in `files`", "a k6-archive-shaped tar with a 1 MiB binary file"));
        report.add("bundles", "storage added by re-submitting the same bundle", (after[0] - before[0]) + " rows, "
                        + Report.format((after[1] - before[1]) / 1024.0, 0) + " KiB",
                "1 row for the first (" + Report.format(after[2] / 1024.0, 0) + " KiB of content, TOASTed)", "-",
                same.successes() + " identical submissions, the first stores it; pg_total_relation_size('bundles') "
                        + "before and after: the content and the row versions of last_used_at");
        measureWithWrk(report, folder, csv, sameBundle);
        materialise(report, folder);
        cancelLeftovers();
    }

    private void measureWithWrk(Report report, Path folder, String csv, String sameBundle) throws Exception {
        Files.createDirectories(folder);
        Path same = Files.writeString(folder.resolve("same-bundle.json"), sameBundle);
        Path fresh = Files.writeString(folder.resolve("new-bundle.json"), filesBody(csv + "# @@\n"));
        Wrk.Result single = wrk.run("bundles-single", base, Wrk.SUBMIT, concurrency, duration, List.of());
        Wrk.Result repeated = wrk.run("bundles-same", base + "/api/v1/test/run", WRK_SAME_BODY, concurrency, duration,
                List.of(same.toString()));
        Wrk.Result distinct = wrk.run("bundles-new", base, WRK_NEW_BODY, concurrency, duration, List.of(fresh.toString()));
        String conditions = "wrk -c %d, %d s each, a 1 MiB CSV in `files`".formatted(concurrency, duration.toSeconds());
        wrkRate(report, "submissions/s with wrk, the same 1 MiB files map each time", repeated, single, conditions);
        wrkRate(report, "submissions/s with wrk, a new 1 MiB files map each time", distinct, single, conditions);
    }

    private static void wrkRate(Report report, String what, Wrk.Result bundles, Wrk.Result single, String conditions) {
        report.add("bundles", what, Report.format(bundles.rate(), 0) + "/s (p50 " + Report.format(bundles.p50Millis(), 1)
                        + " ms, p99 " + Report.format(bundles.p99Millis(), 1) + " ms)",
                Report.format(single.rate(), 0) + "/s single-file with wrk (p50 " + Report.format(single.p50Millis(), 1) + " ms)",
                Report.ratio(bundles.rate(), single.rate()), conditions + "; errors " + bundles.errors() + "; goal >= 200/s");
    }

    private void rate(Report report, String what, Recorder bundles, Recorder single, String conditions) {
        Percentiles b = bundles.latencies();
        Percentiles s = single.latencies();
        report.add("bundles", what, Report.format(bundles.rate(), 0) + "/s (p50 " + Report.format(b.median(), 1) + " ms)",
                Report.format(single.rate(), 0) + "/s single-file (p50 " + Report.format(s.median(), 1) + " ms)",
                Report.ratio(bundles.rate(), single.rate()), conditions + "; errors " + bundles.errors() + "; goal >= 200/s");
    }

    private String filesBody(String csv) {
        ObjectNode body = JSON.createObjectNode();
        body.put("script", SCRIPT);
        body.put("name", "bench-bundles");
        body.put("timeout", "1m");
        ObjectNode files = body.putObject("files");
        files.put("lib/util.js", "export function pick(list, i) { return list[i % list.length]; }\n");
        files.put("data/users.csv", csv);
        return JSON.writeValueAsString(body);
    }

    private Recorder closedLoop(LongFunction<String> bodies) throws InterruptedException {
        return closedLoopOf(bodies, body -> gateway.submit(body, null, 0, Duration.ofSeconds(30)).status());
    }

    /** Each client makes its next body, then sends it (timed) and counts a 202 as a success. */
    private <T> Recorder closedLoopOf(LongFunction<T> bodies, ToIntFunction<T> send) throws InterruptedException {
        Recorder recorder = new Recorder();
        AtomicLong sequence = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        CountDownLatch done = new CountDownLatch(concurrency);
        recorder.start();
        for (int c = 0; c < concurrency; c++) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (System.nanoTime() < end) {
                        T body = bodies.apply(sequence.incrementAndGet());
                        long start = System.nanoTime();
                        recorder.record(start, send.applyAsInt(body) == 202);
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        done.await(duration.toSeconds() + 60, TimeUnit.SECONDS);
        recorder.stop();
        return recorder;
    }

    /** @return bundle rows, the table's total size, the largest content */
    private long[] storage() throws SQLException {
        try (Connection connection = stack.jdbc(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*), pg_total_relation_size('bundles'), "
                     + "COALESCE(max(bytes), 0) FROM bundles")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
        }
    }

    /** The runner's share of claim → k6 start: {@link RunBundles#materialise} of a 10 MiB archive against a plain script. */
    private void materialise(Report report, Path folder) throws Exception {
        String archived = submitArchive(archive(10 * MIB));
        String plain = gateway.submit(GatewayClient.runRequest("export default function () {}", "bench-bundles", "1m", Map.of()),
                null, 0, Duration.ofSeconds(30)).text("test_id");
        try (Connection connection = stack.jdbc()) {
            RunBundles bundles = RunBundles.reading(JdbcClient.create(new SingleConnectionDataSource(connection, true)),
                    new BundleLimits(256L * MIB, 10_000));
            double[] archive = time(bundles, UUID.fromString(archived), folder.resolve("archive"));
            double[] script = time(bundles, UUID.fromString(plain), folder.resolve("script"));
            report.add("bundles", "runner's claim -> k6 start part for a 10 MiB k6 archive (best / mean of 20)",
                    Report.format(archive[0], 1) + " / " + Report.format(archive[1], 1) + " ms",
                    Report.format(script[0], 1) + " / " + Report.format(script[1], 1) + " ms single-file",
                    "+" + Report.format(archive[1] - script[1], 1) + " ms",
                    "RunBundles.materialise: SELECT from Postgres, every entry checked again, archive.tar written; "
                            + "k6's own reading of the archive aside; goal < 200 ms above single-file");
        }
    }

    private static double[] time(RunBundles bundles, UUID run, Path folder) throws Exception {
        double best = Double.MAX_VALUE;
        double total = 0;
        int rounds = 20;
        for (int i = 0; i < rounds + 3; i++) {
            Path work = Files.createDirectories(folder.resolve("r" + i));
            Files.writeString(work.resolve("script.js"), "export default function () {}");
            long start = System.nanoTime();
            bundles.materialise(run, work);
            double ms = (System.nanoTime() - start) / 1e6;
            if (i >= 3) {
                best = Math.min(best, ms);
                total += ms;
            }
        }
        return new double[] {best, total / rounds};
    }

    /** A tar shaped as `k6 archive` writes one: metadata.json, data (the entry script), a binary data file. */
    private static byte[] archive(int bytes) {
        byte[] data = new byte[bytes];
        new Random(17).nextBytes(data);
        TreeMap<String, byte[]> files = new TreeMap<>();
        files.put("metadata.json", ("{\"type\":\"js\",\"options\":{\"vus\":1,\"iterations\":1},\"filename\":"
                + "\"file:///srv/p/script.js\",\"pwd\":\"file:///srv/p\",\"env\":{},\"compatibilityMode\":\"extended\","
                + "\"k6version\":\"0.49.0\",\"goos\":\"linux\"}").getBytes(StandardCharsets.UTF_8));
        files.put("data", "const blob = open('./data/blob.bin', 'b');\nexport default function () {}\n".getBytes(StandardCharsets.UTF_8));
        files.put("file/srv/p/data/blob.bin", data);
        return BundleTar.write(files);
    }

    private static byte[] multipartBody(byte[] tar) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--b0undary\r\nContent-Disposition: form-data; name=\"archive\"; filename=\"test.tar\"\r\n"
                + "Content-Type: application/x-tar\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(tar);
        body.writeBytes(("\r\n--b0undary\r\nContent-Disposition: form-data; name=\"request\"\r\n\r\n"
                + "{\"name\":\"bench-bundles\",\"timeout\":\"1m\"}\r\n--b0undary--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    private HttpResponse<String> postMultipart(byte[] body) throws java.io.IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/test/run")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "multipart/form-data; boundary=b0undary")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private int sendMultipart(byte[] body) {
        try {
            return postMultipart(body).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String submitArchive(byte[] tar) throws Exception {
        HttpResponse<String> answer = postMultipart(multipartBody(tar));
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("the 10 MiB archive was not accepted: " + answer.statusCode() + " " + answer.body());
        }
        return JSON.readTree(answer.body()).get("test_id").asString();
    }

    private void cancelLeftovers() throws SQLException {
        try (Connection connection = stack.jdbc(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE runs SET status = 'cancelled', finished_at = now() WHERE status = 'queued' AND name = 'bench-bundles'");
        }
    }
}
