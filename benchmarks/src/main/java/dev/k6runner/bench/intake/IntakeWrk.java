package dev.k6runner.bench.intake;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.k6runner.bench.client.GatewayClient;
import dev.k6runner.bench.process.Stack;
import dev.k6runner.bench.report.Report;
import dev.k6runner.bench.stats.Percentiles;
import dev.k6runner.bench.stats.Recorder;
import dev.k6runner.bench.wrk.Wrk;

/**
 * Issue 16's intake targets, measured with wrk against a local mode whose runners are absent, so every
 * accepted run stays queued: submissions ({@code POST /api/v1/test/run}, a unique name each) and status polls
 * of queued runs ({@code GET /api/v1/test/results/{id}}, ids spread over the queue's positions). Each beside
 * its same-run JDBC baseline at the same concurrency: an insert of a runs row, a primary-key read of one.
 */
public final class IntakeWrk {

    /** Long enough for autovacuum's naptime (1 min) and a pass over a million fresh rows on 2 cores. */
    private static final Duration AUTOVACUUM_WAIT = Duration.ofMinutes(4);

    /** The default backlog of a team (max_queued_runs): the polls see a queue this long. */
    static final int BACKLOG = 1000;
    private static final int POLLED_IDS = 50;

    private final Stack stack;
    private final String gatewayUrl;
    private final Wrk wrk;
    private final int concurrency;
    private final Duration duration;
    private final int queueCap;

    /**
     * @param queueCap 0: the runners stay absent and the queue grows with every submission; N: a stand-in for
     *                 runners starts (here: cancels) the oldest queued runs every 100 ms beyond N, so the queue
     *                 stays as long as a team's backlog can be
     */
    public IntakeWrk(Stack stack, String gatewayUrl, Wrk wrk, int concurrency, Duration duration, int queueCap) {
        this.stack = stack;
        this.gatewayUrl = gatewayUrl;
        this.wrk = wrk;
        this.concurrency = concurrency;
        this.duration = duration;
        this.queueCap = queueCap;
    }

    /**
     * Grows the stored runs to {@code stored} (no ANALYZE), waits for autovacuum's pass over the grown table (up to
     * {@link #AUTOVACUUM_WAIT}), then measures; {@code label} names the step.
     */
    public void measureAt(Report report, long stored, String label) throws Exception {
        try (Connection connection = stack.jdbc()) {
            long millis = StoredRuns.growTo(connection, stored);
            if (millis > 0) {
                report.note("%s: runs grown to %,d in %.1f s (one INSERT … SELECT generate_series, no ANALYZE)"
                        .formatted(label, StoredRuns.count(connection), millis / 1000.0));
                awaitAutovacuum(report, connection, label);
            }
        }
        measure(report, label);
    }

    /*
     * Before session 13 the first load came right after the growth, while autovacuum vacuumed the million rows the
     * one statement had added: the vacuum of a bulk load, which a real install, filled over months, never does at
     * once. Autovacuum still passes over runs during loads as the submissions grow and change it (a steady cost of
     * the table); each load notes the passes that ran during it.
     */
    private static void awaitAutovacuum(Report report, Connection connection, String label) throws Exception {
        Optional<Duration> waited = Autovacuum.awaitPassOverRuns(connection, AUTOVACUUM_WAIT);
        report.note(waited.map(d -> "%s: waited %d s for autovacuum to vacuum and analyse the grown runs".formatted(label, d.toSeconds()))
                .orElse("%s: autovacuum had not finished with the grown runs after %d s; measuring anyway".formatted(label,
                        AUTOVACUUM_WAIT.toSeconds())));
    }

    /**
     * Unmeasured submissions, then polls, {@code length} each: on 2 cores the JIT needs about 30 s of load to
     * compile the request path (by hand, a fresh gateway's submissions went 364/s, 1,335/s, 2,478/s in three
     * 10 s loads), which the cold pass shows and the warm passes should not.
     */
    public void warmUp(Report report, Duration length) throws Exception {
        if (length.isZero()) {
            return;
        }
        try (QueueCap _ = queueCap > 0 ? new QueueCap(stack, queueCap) : null) {
            wrk.run("warm-up-submit", gatewayUrl, Wrk.SUBMIT, concurrency, length, List.of());
        }
        wrk.run("warm-up-poll", gatewayUrl, Wrk.POLL, concurrency, length, keepBacklogOf(BACKLOG));
        cancelQueued();
        report.note("intake-wrk: after the cold pass the gateway warmed up, not measured: %d s of submissions, then %d s of polls, with wrk -c %d (the JIT compiles the request path)"
                .formatted(length.toSeconds(), length.toSeconds(), concurrency));
    }

    public void measure(Report report, String label) throws Exception {
        long before = storedRuns();
        JdbcBaseline baseline = new JdbcBaseline(stack::jdbc, concurrency, duration);
        Recorder jdbcInsert = baseline.insert();
        Wrk.Result submit;
        try (QueueCap _ = queueCap > 0 ? new QueueCap(stack, queueCap) : null) {
            submit = load(report, "submit-" + slug(label), Wrk.SUBMIT, List.of(), label, "submission");
        }
        List<String> polled = keepBacklogOf(BACKLOG);
        check(polled.getFirst());
        Recorder jdbcRead = baseline.primaryKeyRead();
        Wrk.Result poll = load(report, "poll-" + slug(label), Wrk.POLL, polled, label, "poll");
        cancelQueued();
        String conditions = "%s (%,d runs stored before); wrk -c %d, %d s; JDBC %d connections, autocommit, closed loop; %s"
                .formatted(label, before, concurrency, duration.toSeconds(), concurrency, queueCap > 0
                        ? "queue held at " + queueCap + " by a runner stand-in" : "no runner: the queue grows");
        figure(report, "submissions (wrk)", submit, jdbcInsert, "INSERT of a runs row", conditions, 2500, 25);
        figure(report, "polls of a queued run (wrk)", poll, jdbcRead, "PK SELECT of a runs row",
                label + "; wrk -c " + concurrency + "; " + polled.size() + " ids over positions 1–" + BACKLOG + " of a still queue",
                10_000, 20);
    }

    /**
     * One wrk load, and as notes the CPU each request cost the stack's processes meanwhile and the autovacuum passes
     * that ran during it; {@code request} names one request ("submission", "poll").
     */
    private Wrk.Result load(Report report, String name, String script, List<String> args, String label, String request)
            throws Exception {
        try (Connection connection = stack.jdbc()) {
            Autovacuum autovacuum = Autovacuum.watch(connection);
            StackCpu cpu = StackCpu.from(stack);
            Wrk.Result result = wrk.run(name, gatewayUrl, script, concurrency, duration, args);
            cpu.perRequest(result.requests()).ifPresent(each -> report.note(
                    "intake-wrk, %s: CPU per %s: %s (Postgres with all its backends; wrk not counted)".formatted(label, request, each)));
            autovacuum.since(connection).ifPresent(passes -> report.note(
                    "intake-wrk, %s, %ss: autovacuum during the load: %s".formatted(label, request, passes)));
            return result;
        }
    }

    private static void figure(Report report, String what, Wrk.Result http, Recorder jdbc, String baseline, String conditions,
                               double targetRate, double targetP99) {
        Percentiles j = jdbc.latencies();
        boolean met = http.rate() >= targetRate && http.p99Millis() < targetP99 && http.errors() == 0;
        report.add("intake-wrk", what + "/s", Report.format(http.rate(), 0) + "/s",
                Report.format(jdbc.rate(), 0) + "/s (" + baseline + ", JDBC)", Report.ratio(http.rate(), jdbc.rate()),
                conditions + "; errors " + http.errors() + "; target ≥ %,.0f/s with p99 < %.0f ms: %s"
                        .formatted(targetRate, targetP99, met ? "met" : "NOT met"));
        report.add("intake-wrk", what + " p50 / p99", Report.format(http.p50Millis(), 2) + " / " + Report.format(http.p99Millis(), 2) + " ms",
                Report.format(j.median(), 2) + " / " + Report.format(j.at(99), 2) + " ms (JDBC)",
                Report.ratio(http.p50Millis(), j.median()) + " / " + Report.ratio(http.p99Millis(), j.at(99)), conditions);
    }

    /**
     * Cancels all but the oldest {@code backlog} queued runs (a team's default backlog), and returns ids
     * spread evenly over the positions of those left, the first included (with fewer than 100 queued, every one:
     * "position modulo 1 equals 1" used to pick none).
     */
    private List<String> keepBacklogOf(int backlog) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection connection = stack.jdbc(); Statement sql = connection.createStatement()) {
            sql.executeUpdate("""
                    UPDATE runs SET status = 'cancelled', finished_at = now(), status_reason = 'benchmark: over the backlog polled'
                    WHERE status = 'queued' AND id NOT IN (SELECT id FROM runs WHERE status = 'queued'
                                                           ORDER BY submitted_at, id LIMIT %d)""".formatted(backlog));
            try (ResultSet rs = sql.executeQuery("""
                    SELECT id FROM (SELECT id, row_number() OVER (ORDER BY submitted_at, id) AS position
                                    FROM runs WHERE status = 'queued') q
                    WHERE (position - 1) %% greatest(1, (SELECT count(*) FROM runs WHERE status = 'queued') / %d) = 0
                    ORDER BY position""".formatted(POLLED_IDS))) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        if (ids.isEmpty()) {
            throw new IllegalStateException("no queued run to poll: did the submissions fail?");
        }
        return ids;
    }

    /** One poll as a client sees it: the document of a queued run carries its position. */
    private void check(String id) {
        GatewayClient.Answer answer = new GatewayClient(gatewayUrl).result(id);
        if (answer.status() != 200 || !"queued".equals(answer.text("status")) || answer.text("queue_position") == null) {
            throw new IllegalStateException("a poll of queued run " + id + " answered " + answer.status() + ": " + answer);
        }
    }

    private void cancelQueued() throws SQLException {
        try (Connection connection = stack.jdbc(); Statement sql = connection.createStatement()) {
            sql.executeUpdate("UPDATE runs SET status = 'cancelled', finished_at = now(), status_reason = 'benchmark: done'"
                    + " WHERE status = 'queued'");
        }
    }

    private long storedRuns() throws SQLException {
        try (Connection connection = stack.jdbc()) {
            return StoredRuns.count(connection);
        }
    }

    private static String slug(String label) {
        return label.replaceAll("[^A-Za-z0-9]+", "-").toLowerCase(java.util.Locale.ROOT);
    }
}
