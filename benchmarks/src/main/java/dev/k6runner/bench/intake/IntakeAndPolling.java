package dev.k6runner.bench.intake;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;

import dev.k6runner.bench.client.GatewayClient;
import dev.k6runner.bench.process.Stack;
import dev.k6runner.bench.report.Report;
import dev.k6runner.bench.stats.Percentiles;
import dev.k6runner.bench.stats.Recorder;

/**
 * Submissions/s and status polls/s through the gateway (closed loop, N concurrent clients), against the same
 * machine's plain-JDBC insert of a runs row and primary-key read of one, with the same concurrency, in the
 * same run. Runs are submitted while no runner is up; they are cancelled in SQL afterwards so no runner
 * ever executes them.
 */
public final class IntakeAndPolling {

    private static final String SCRIPT = JdbcBaseline.SCRIPT;

    private final Stack stack;
    private final GatewayClient gateway;
    private final int concurrency;
    private final Duration duration;

    public IntakeAndPolling(Stack stack, GatewayClient gateway, int concurrency, Duration duration) {
        this.stack = stack;
        this.gateway = gateway;
        this.concurrency = concurrency;
        this.duration = duration;
    }

    public void measure(Report report) throws Exception {
        JdbcBaseline baseline = new JdbcBaseline(stack::jdbc, concurrency, duration);
        Recorder jdbcInsert = baseline.insert();
        Recorder jdbcRead = baseline.primaryKeyRead();
        List<String> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
        String body = GatewayClient.runRequest(SCRIPT, "bench-intake", "1m", Map.of("bench", "intake"));
        Recorder submit = closedLoopHttp(() -> {
            GatewayClient.Answer answer = gateway.submit(body, null, 0, Duration.ofSeconds(10));
            if (answer.status() == 202) {
                accepted.add(answer.text("test_id"));
            }
            return answer.status() == 202;
        });
        Recorder poll = closedLoopHttp(() -> {
            if (accepted.isEmpty()) {
                return false;
            }
            String id = accepted.get(ThreadLocalRandom.current().nextInt(accepted.size()));
            return gateway.result(id).status() == 200;
        });
        cancelLeftovers();
        String conditions = "%d concurrent clients, closed loop, %d s each; JDBC: one connection per client, autocommit"
                .formatted(concurrency, duration.toSeconds());
        figure(report, "submissions", submit, jdbcInsert, "INSERT of a runs row", conditions);
        figure(report, "status polls", poll, jdbcRead, "PK SELECT of a runs row", conditions);
    }

    private static void figure(Report report, String what, Recorder http, Recorder jdbc, String baseline, String conditions) {
        Percentiles h = http.latencies();
        Percentiles j = jdbc.latencies();
        report.add("intake", what + "/s through the gateway", Report.format(http.rate(), 0) + "/s",
                Report.format(jdbc.rate(), 0) + "/s (" + baseline + ", JDBC)", Report.ratio(http.rate(), jdbc.rate()),
                conditions + "; errors " + http.errors());
        report.add("intake", what + " latency p50 / p99", Report.format(h.median(), 1) + " / " + Report.format(h.at(99), 1) + " ms",
                Report.format(j.median(), 1) + " / " + Report.format(j.at(99), 1) + " ms (JDBC)",
                Report.ratio(h.median(), j.median()) + " / " + Report.ratio(h.at(99), j.at(99)), conditions);
    }

    private interface HttpOperation {
        boolean run();
    }

    private Recorder closedLoopHttp(HttpOperation operation) throws InterruptedException {
        Recorder recorder = new Recorder();
        long end = System.nanoTime() + duration.toNanos();
        CountDownLatch done = new CountDownLatch(concurrency);
        recorder.start();
        for (int c = 0; c < concurrency; c++) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        recorder.record(start, operation.run());
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

    private void cancelLeftovers() throws SQLException {
        try (Connection connection = stack.jdbc(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE runs SET status = 'cancelled', finished_at = now() WHERE status = 'queued' AND name = 'bench-intake'");
        }
    }
}
