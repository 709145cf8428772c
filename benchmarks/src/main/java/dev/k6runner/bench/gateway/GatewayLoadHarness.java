package dev.k6runner.bench.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
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
import java.util.function.IntFunction;
import java.util.stream.Stream;

import org.flywaydb.core.Flyway;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.k6runner.bench.gateway.KeepAliveConnection.Request;
import dev.k6runner.bench.intake.JdbcBaseline;
import dev.k6runner.bench.stats.Recorder;
import dev.k6runner.gateway.ApiGatewayApplication;
import dev.k6runner.testsupport.SharedKafka;
import dev.k6runner.testsupport.SharedPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The gateway's speed targets, measured: starts embedded Kafka (test-support) and an embedded Postgres (durable by default, below), seeds N runs
 * (default 1,000,000) with one generate_series insert, starts the gateway in this JVM, and drives it over
 * loopback HTTP from virtual threads. Prints every figure with its conditions.
 *
 * <pre>
 * java -Xmx3g -XX:+UseCompactObjectHeaders -cp benchmarks/target/classes:$(cat benchmarks/target/benchmark.classpath) \
 *      dev.k6runner.bench.gateway.GatewayLoadHarness [runs=1000000] [seconds=20] [durable=true]
 * </pre>
 *
 * {@code durable=true} (the default) runs Postgres as production does, every commit flushed to disk
 * ({@code fsync}, {@code synchronous_commit}); {@code durable=false} uses the tests' Postgres, which skips
 * the flushes, to show what they cost.
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
        boolean durable = Boolean.parseBoolean(options.getOrDefault("durable", "true"));
        String url = durable ? durableDatabase() : SharedPostgres.freshDatabase();
        say("jvm: " + Runtime.version() + " " + java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        say("postgres: " + (durable ? "durable (fsync on, synchronous_commit on)" : "tests' settings (fsync off, synchronous_commit off)"));
        Flyway.configure().dataSource(url, "postgres", "postgres").load().migrate();
        long seedMillis = Seeder.seed(url, runs);
        say("seeded %,d runs in %.1f s".formatted(runs, seedMillis / 1000.0));
        try (ConfigurableApplicationContext gateway = startGateway(url)) {
            int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
            measure(url, new InetSocketAddress("127.0.0.1", port), length);
        }
        System.exit(0);
    }

    /**
     * A Postgres of its own where each commit waits for its WAL flush. zonky's builder starts the server with -F and
     * synchronous_commit off (test settings), so both are turned back on explicitly, as local mode does
     * (local-cluster's LocalPostgres); until session 14 this harness kept zonky's settings and flushed nothing.
     */
    private static String durableDatabase() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("max_connections", "100")
                    .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                    .setServerConfig("shared_buffers", System.getProperty("bench.sharedBuffers", "128MB")).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // exiting anyway
                }
            }, "durable-postgres-stop"));
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                 Statement sql = connection.createStatement()) {
                sql.execute("CREATE DATABASE k6runner");
            }
            return "jdbc:postgresql://localhost:" + postgres.getPort() + "/k6runner";
        } catch (IOException e) {
            throw new UncheckedIOException("embedded Postgres did not start", e);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ConfigurableApplicationContext startGateway(String url) {
        return new SpringApplicationBuilder(ApiGatewayApplication.class).properties(Map.of(
                "spring.datasource.url", url, "spring.datasource.username", "postgres", "spring.datasource.password", "postgres",
                "spring.kafka.bootstrap-servers", SharedKafka.bootstrapServers(),
                "server.port", "0", "server.address", "127.0.0.1",
                "logging.level.root", "WARN",
                "k6runner.gateway.retention.days", "0"))
                // arguments, not defaults: application.yml's ports (${PORT:8080}, ${MANAGEMENT_PORT:9080}) outrank defaults
                .run("--server.port=0", "--management.server.port=0");
    }

    private static final String[] SEARCHES = {"name=test-17", "status=failed", "anomalies_only=true", "tag=env:staging",
            "min_error_rate=15", "max_response_time=60", "tag=squad:squad-3&status=completed", "name=test-42&anomalies_only=true"};

    /**
     * Every kind of request side by side until the JIT has compiled their paths: on 2 cores C2 needs well over
     * a minute for Spring's request path, and a figure taken while it compiles (it took a fifth of the machine)
     * measures the compiler, not the gateway. Each figure prints the JIT time spent during it.
     */
    private static void warmUp(InetSocketAddress gateway, IntFunction<Request> submit, List<Request> polls, List<Request> queries)
            throws InterruptedException {
        Duration length = Duration.ofSeconds(Long.getLong("bench.warmUpSeconds", 120));
        say("warm-up: submissions, polls, history and searches side by side for " + length.toSeconds() + " s");
        List<Thread> loads = List.of(
                Thread.ofVirtual().start(() -> warmUpLoad(gateway, "warm-up submit", 8, length, 202, submit)),
                Thread.ofVirtual().start(() -> warmUpLoad(gateway, "warm-up poll", 8, length, 200, n -> polls.get(n % polls.size()))),
                Thread.ofVirtual().start(() -> warmUpLoad(gateway, "warm-up queries", 2, length, 200, n -> queries.get(n % queries.size()))));
        for (Thread load : loads) {
            load.join();
        }
    }

    /** The submissions' same-run baseline: plain JDBC inserts of a runs row at the load's concurrency, 3 s. */
    private static String jdbcInserts(String url, int connections) throws InterruptedException {
        Recorder inserts = new JdbcBaseline(() -> DriverManager.getConnection(url, "postgres", "postgres"), connections,
                Duration.ofSeconds(3)).insert();
        return "direct JDBC insert, %d connections (autocommit): %.0f inserts/s, p50=%.2f ms p99=%.2f ms, errors=%d"
                .formatted(connections, inserts.rate(), inserts.latencies().median(), inserts.latencies().at(99), inserts.errors());
    }

    private static void warmUpLoad(InetSocketAddress gateway, String what, int workers, Duration length, int status,
                                   IntFunction<Request> requests) {
        try {
            say(Load.run(gateway, what, workers, length, status, requests).line());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The warm-up's and the submissions' writes leave the big tables due for autovacuum and autoanalyze, and
     * dirty buffers for the checkpointer; done now, that work is not counted against the reads that follow.
     */
    private static void settle(String url) throws java.sql.SQLException {
        long began = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
             Statement sql = connection.createStatement()) {
            sql.execute("VACUUM ANALYZE");
            sql.execute("CHECKPOINT");
        }
        say("settled (VACUUM ANALYZE; CHECKPOINT) in %.1f s".formatted((System.nanoTime() - began) / 1e9));
    }

    private static void measure(String url, InetSocketAddress gateway, Duration length) throws Exception {
        String host = "127.0.0.1:" + gateway.getPort();
        // 50 test names over 3 environments, as several teams' pipelines would send them
        List<Request> submits = java.util.stream.IntStream.range(0, 50).mapToObj(i -> Request.postJson(host, "/api/v1/test/run",
                "{\"script\":\"import http from 'k6/http'; export default function () { http.get('http://127.0.0.1:1/'); }\","
                        + "\"name\":\"bench-" + i + "\",\"vus\":2,\"duration\":\"10s\",\"tags\":{\"env\":\"bench-"
                        + (i % 3) + "\"}}")).toList();
        IntFunction<Request> submit = n -> submits.get(n % submits.size());
        Thread drainer = Thread.ofVirtual().start(() -> drain(url));
        List<UUID> ids = ids(url, "SELECT id FROM runs WHERE status = 'completed' ORDER BY random() LIMIT 1000");
        List<Request> polls = ids.stream().map(id -> Request.get(host, "/api/v1/test/results/" + id)).toList();
        List<Request> livePolls = ids(url, "SELECT id FROM runs WHERE status = 'running'").stream()
                .map(id -> Request.get(host, "/api/v1/test/results/" + id)).toList();
        List<Instant> times = times(url);
        List<Request> queries = Stream.concat(Stream.of("/api/v1/test/history?limit=20"),
                Stream.of(SEARCHES).map(search -> "/api/v1/test/search?limit=20&" + search)).map(path -> Request.get(host, path)).toList();
        warmUp(gateway, submit, Stream.concat(polls.stream(), livePolls.stream()).toList(), queries);
        settle(url);

        say("load average before measuring: " + loadAverage());
        say(Plans.jdbcBaseline(url, ids.getFirst()));
        Plans.explain(url).forEach(line -> say("plan: " + line));
        List<Load.Figures> figures = new ArrayList<>();
        Instant submitStart = Instant.now();
        for (int workers : Boolean.getBoolean("bench.skipSubmissions") ? new int[0] : new int[] {8, 16, 32}) {
            say(jdbcInserts(url, workers));
            try (Waits waits = new Waits(url)) {
                figures.add(Load.run(gateway, "POST /run", workers, length, 202, submit));
                say("POST /run at " + workers + " workers, Postgres sessions: " + waits.summary());
            }
        }
        if (Boolean.getBoolean("bench.submissionsOnly")) {
            figures.forEach(f -> say(f.line()));
            return;
        }
        say("submission -> RunRequested on Kafka (published_at - submitted_at): " + publishDelay(url, submitStart));
        settle(url);
        try (PhaseRecording _ = PhaseRecording.of("polls")) {
            for (int workers : new int[] {16, 64}) {
                figures.add(Load.run(gateway, "GET /results/{id} (completed)", workers, length, 200, n -> polls.get(n % polls.size())));
            }
            for (int workers : new int[] {16, 64}) {
                figures.add(Load.run(gateway, "GET /results/{id} (running)", workers, length, 200, n -> livePolls.get(n % livePolls.size())));
            }
        }
        Request newest = Request.get(host, "/api/v1/test/history?limit=20");
        figures.add(Load.run(gateway, "GET /history (newest page)", 8, length, 200, n -> newest));
        figures.add(Load.run(gateway, "GET /history (deep cursor)", 8, length, 200,
                n -> Request.get(host, "/api/v1/test/history?limit=20&cursor=" + cursor(times.get(n % times.size())))));
        List<String> searches = new ArrayList<>(List.of(SEARCHES));
        searches.add("since=" + Instant.now().minus(2, ChronoUnit.DAYS) + "&until=" + Instant.now().minus(1, ChronoUnit.DAYS));
        for (String search : searches) {
            Request request = Request.get(host, "/api/v1/test/search?limit=20&" + search);
            figures.add(Load.run(gateway, "GET /search?" + search, 8, length.dividedBy(2), 200, n -> request));
        }
        Request statistics = Request.get(host, "/api/v1/test/statistics?days=7");
        figures.add(Load.run(gateway, "GET /statistics?days=7", 4, length.dividedBy(2), 200, n -> statistics));
        drainer.interrupt();
        say("== figures (closed loop, loopback, keep-alive HTTP/1.1, gateway and load generator in one JVM on "
                + Runtime.getRuntime().availableProcessors() + " cores, load average at end " + loadAverage() + ")");
        figures.forEach(f -> say(f.line()));
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
                           WHERE name LIKE 'bench-%%' AND submitted_at >= '%s' AND published_at IS NOT NULL) d""".formatted(since))) {
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
