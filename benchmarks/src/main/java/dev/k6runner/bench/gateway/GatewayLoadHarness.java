package dev.k6runner.bench.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.flywaydb.core.Flyway;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.k6runner.gateway.ApiGatewayApplication;
import dev.k6runner.testsupport.SharedKafka;
import dev.k6runner.testsupport.SharedPostgres;

/**
 * The gateway's speed targets, measured: starts embedded Postgres and Kafka (test-support), seeds N runs
 * (default 1,000,000) with one generate_series insert, starts the gateway in this JVM, and drives it over
 * loopback HTTP from virtual threads. Prints every figure with its conditions.
 *
 * <pre>
 * java -cp benchmarks/target/classes:$(cat benchmarks/target/benchmark.classpath) \
 *      dev.k6runner.bench.gateway.GatewayLoadHarness [runs=1000000] [seconds=20]
 * </pre>
 *
 * A drainer stands in for the runners: it marks published queued runs completed every 100 ms, so the
 * queue (and with it the quota and queue-position counts) stays as short as with a working fleet.
 */
public final class GatewayLoadHarness {

    private GatewayLoadHarness() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            options.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        int runs = Integer.parseInt(options.getOrDefault("runs", "1000000"));
        Duration length = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "20")));
        String url = SharedPostgres.freshDatabase();
        Flyway.configure().dataSource(url, "postgres", "postgres").load().migrate();
        long seedMillis = Seeder.seed(url, runs);
        say("seeded %,d runs in %.1f s".formatted(runs, seedMillis / 1000.0));
        try (ConfigurableApplicationContext gateway = startGateway(url)) {
            int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
            measure(url, "http://127.0.0.1:" + port, length);
        }
        System.exit(0);
    }

    private static ConfigurableApplicationContext startGateway(String url) {
        return new SpringApplicationBuilder(ApiGatewayApplication.class).properties(Map.of(
                "spring.datasource.url", url, "spring.datasource.username", "postgres", "spring.datasource.password", "postgres",
                "spring.kafka.bootstrap-servers", SharedKafka.bootstrapServers(),
                "server.port", "0", "server.address", "127.0.0.1",
                "logging.level.root", "WARN", "logging.level.dev.k6runner", "WARN",
                "k6runner.gateway.retention.days", "0")).run();
    }

    private static void measure(String url, String base, Duration length) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String body = "{\"script\":\"import http from 'k6/http'; export default function () { http.get('http://127.0.0.1:1/'); }\","
                + "\"name\":\"bench\",\"vus\":2,\"duration\":\"10s\",\"tags\":{\"env\":\"bench\"}}";
        IntFunctionRequests submit = n -> HttpRequest.newBuilder(URI.create(base + "/api/v1/test/run"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        Thread drainer = Thread.ofVirtual().start(() -> drain(url));
        say("warm-up (submissions, polls, queries: 10 s each half)");
        Load.run(http, "warm-up submit", 16, Duration.ofSeconds(10), 202, submit::apply);
        List<UUID> ids = ids(url, "SELECT id FROM runs WHERE status = 'completed' ORDER BY random() LIMIT 1000");
        List<Instant> times = times(url);
        Load.run(http, "warm-up poll", 16, Duration.ofSeconds(5), 200, n -> get(base, "/api/v1/test/results/" + ids.get(n % ids.size())));

        say("load average before measuring: " + loadAverage());
        say(Plans.jdbcBaseline(url, ids.getFirst()));
        Plans.explain(url).forEach(line -> say("plan: " + line));
        List<Load.Figures> figures = new ArrayList<>();
        Instant submitStart = Instant.now();
        for (int workers : new int[] {8, 32}) {
            figures.add(Load.run(http, "POST /run", workers, length, 202, submit::apply));
        }
        say("submission -> RunRequested on Kafka (published_at - submitted_at): " + publishDelay(url, submitStart));
        for (int workers : new int[] {16, 64}) {
            figures.add(Load.run(http, "GET /results/{id} (completed)", workers, length, 200,
                    n -> get(base, "/api/v1/test/results/" + ids.get(n % ids.size()))));
        }
        figures.add(Load.run(http, "GET /history (newest page)", 8, length, 200, n -> get(base, "/api/v1/test/history?limit=20")));
        figures.add(Load.run(http, "GET /history (deep cursor)", 8, length, 200,
                n -> get(base, "/api/v1/test/history?limit=20&cursor=" + cursor(times.get(n % times.size())))));
        String[] searches = {"name=test-17", "status=failed", "anomalies_only=true", "tag=env:staging", "min_error_rate=15",
                "max_response_time=60", "tag=squad:squad-3&status=completed", "name=test-42&anomalies_only=true",
                "since=" + Instant.now().minus(2, ChronoUnit.DAYS) + "&until=" + Instant.now().minus(1, ChronoUnit.DAYS)};
        for (String search : searches) {
            figures.add(Load.run(http, "GET /search?" + search, 8, length.dividedBy(2), 200,
                    n -> get(base, "/api/v1/test/search?limit=20&" + search)));
        }
        figures.add(Load.run(http, "GET /statistics?days=7", 4, length.dividedBy(2), 200, n -> get(base, "/api/v1/test/statistics?days=7")));
        drainer.interrupt();
        say("== figures (closed loop, loopback, gateway and load generator in one JVM on " + Runtime.getRuntime().availableProcessors()
                + " cores, load average at end " + loadAverage() + ")");
        figures.forEach(f -> say(f.line()));
    }

    @FunctionalInterface
    interface IntFunctionRequests {
        HttpRequest apply(int n);
    }

    private static HttpRequest get(String base, String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).GET().build();
    }

    /** Stands in for the runners: finishes published runs, so the queue stays short as with a working fleet. */
    private static void drain(String url) {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
             Statement sql = connection.createStatement()) {
            while (!Thread.currentThread().isInterrupted()) {
                sql.execute("UPDATE runs SET status = 'completed', finished_at = now() WHERE status = 'queued' AND published_at IS NOT NULL");
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            say("drainer stopped: " + e.getMessage());
        }
    }

    private static String publishDelay(String url, Instant since) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
             Statement sql = connection.createStatement();
             ResultSet rs = sql.executeQuery("""
                     SELECT count(*), avg(ms), percentile_cont(0.5) WITHIN GROUP (ORDER BY ms),
                            percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)
                     FROM (SELECT extract(epoch FROM published_at - submitted_at) * 1000 AS ms FROM runs
                           WHERE name = 'bench' AND submitted_at >= '%s' AND published_at IS NOT NULL) d""".formatted(since))) {
            rs.next();
            return "n=%d avg=%.1f ms p50=%.1f ms p99=%.1f ms".formatted(rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4));
        }
    }

    private static List<UUID> ids(String url, String query) throws Exception {
        List<UUID> ids = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
             Statement sql = connection.createStatement(); ResultSet rs = sql.executeQuery(query)) {
            while (rs.next()) {
                ids.add(rs.getObject(1, UUID.class));
            }
        }
        return ids;
    }

    private static List<Instant> times(String url) throws Exception {
        List<Instant> times = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
             Statement sql = connection.createStatement();
             ResultSet rs = sql.executeQuery("SELECT submitted_at FROM runs ORDER BY random() LIMIT 1000")) {
            while (rs.next()) {
                times.add(rs.getTimestamp(1).toInstant());
            }
        }
        return times;
    }

    /** The gateway's cursor layout (query.Cursor): base64url of v1:epoch-micros:uuid; the max uuid keeps the page at that time. */
    private static String cursor(Instant at) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, at) + ThreadLocalRandom.current().nextInt(1000);
        String plain = "v1:" + micros + ":ffffffff-ffff-ffff-ffff-ffffffffffff";
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    private static String loadAverage() {
        return String.format("%.1f", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static void say(String line) {
        System.out.println("[gateway-bench] " + line);
    }
}
