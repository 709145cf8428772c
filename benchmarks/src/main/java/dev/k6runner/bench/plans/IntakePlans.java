package dev.k6runner.bench.plans;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flywaydb.core.Flyway;

import dev.k6runner.bench.intake.StoredRuns;
import dev.k6runner.testsupport.SharedPostgres;

/**
 * {@code EXPLAIN (ANALYZE, BUFFERS)} of the statements a submission and a poll of a queued run execute, as
 * the gateway's classes hold them, on a fresh database (the very first submission), then at 100k and 1M
 * stored runs, never with a manual ANALYZE: the planner knows what autovacuum has told it, as on a real
 * install (and once more after autovacuum has analyzed the grown table). Each statement twice: with a custom plan (the first executions of a statement) and with the
 * generic plan that Postgres may switch to after five executions of a prepared statement.
 *
 * <pre>
 * java -cp benchmarks/target/classes:$(cat benchmarks/target/benchmark.classpath) \
 *      dev.k6runner.bench.plans.IntakePlans [steps=0,100000,1000000] [out=benchmarks/target/intake-plans.txt]
 * </pre>
 */
public final class IntakePlans {

    private static final int BACKLOG = 1000;
    private static final Pattern SCAN = Pattern.compile("((?:Parallel )?(?:Seq Scan on \\w+|Index Only Scan(?: Backward)? using \\w+"
            + "|Index Scan(?: Backward)? using \\w+|Bitmap Index Scan on \\w+))");

    private IntakePlans() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            options.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        Path out = Path.of(options.getOrDefault("out", "benchmarks/target/intake-plans.txt"));
        String url = options.getOrDefault("url", SharedPostgres.freshDatabase());
        Flyway.configure().dataSource(url, "postgres", "postgres").load().migrate();
        List<Statements> statements = Statements.of(Statements.INTAKE_AND_POLL);
        List<String> report = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres")) {
            for (String step : options.getOrDefault("steps", "0,100000,1000000").split(",")) {
                report.addAll(step(connection, statements, Long.parseLong(step)));
            }
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, report);
        System.out.println("== plans written to " + out.toAbsolutePath());
        report.stream().filter(line -> line.startsWith("SUMMARY")).forEach(System.out::println);
        System.exit(0);
    }

    private static List<String> step(Connection connection, List<Statements> statements, long stored) throws SQLException {
        List<String> lines = new ArrayList<>();
        long seeded = StoredRuns.growTo(connection, stored);
        String label = stored == 0 ? "fresh" : "%,d stored".formatted(stored);
        lines.add("=== " + label + (seeded > 0 ? " (seeded in %.1f s, no ANALYZE)".formatted(seeded / 1000.0) : ""));
        lines.add("statistics: " + statistics(connection));
        backlogLimit(connection, 10 * BACKLOG);
        Statements intake = statements.stream().filter(s -> s.name().equals("IntakeStatements.INTAKE")).findFirst().orElseThrow();
        lines.addAll(explain(connection, intake, label + ", empty queue"));
        submit(connection, intake, BACKLOG);
        lines.add("backlog: " + BACKLOG + " queued runs of team default (max_queued_runs " + 10 * BACKLOG
                + "), submitted through the intake statement");
        for (Statements statement : statements) {
            lines.addAll(explain(connection, statement, label + ", " + BACKLOG + " queued"));
        }
        backlogLimit(connection, BACKLOG);
        lines.addAll(explain(connection, intake, label + ", backlog full: 429"));
        backlogLimit(connection, 10 * BACKLOG);
        if (stored > 0 && awaitAutoanalyze(connection)) {
            lines.add("statistics after autovacuum's analyze: " + statistics(connection));
            for (Statements statement : statements) {
                lines.addAll(explain(connection, statement, label + ", " + BACKLOG + " queued, autoanalyzed"));
            }
        }
        try (Statement sql = connection.createStatement()) {
            // the relay's sweep as it mostly runs, once a second: the queue read, nothing unpublished in it
            sql.executeUpdate("UPDATE runs SET published_at = now() WHERE status = 'queued' AND published_at IS NULL");
            Statements sweep = statements.stream().filter(s -> s.name().equals("OutboxRelay.MARK_SWEPT")).findFirst().orElseThrow();
            lines.addAll(explain(connection, sweep, label + ", " + BACKLOG + " queued, all published: an idle sweep"));
            sql.executeUpdate("UPDATE runs SET status = 'cancelled', finished_at = now() WHERE status = 'queued'");
        }
        lines.forEach(System.out::println);
        return lines;
    }

    private static List<String> explain(Connection connection, Statements statement, String label) throws SQLException {
        List<String> lines = new ArrayList<>();
        String arguments = arguments(connection, statement);
        for (String mode : List.of("force_custom_plan", "force_generic_plan")) {
            List<String> plan = new ArrayList<>();
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement sql = connection.createStatement()) {
                sql.execute("DEALLOCATE ALL");
                sql.execute("SET LOCAL plan_cache_mode = " + mode);
                sql.execute("PREPARE planned AS " + statement.sql());
                try (ResultSet rs = sql.executeQuery("EXPLAIN (ANALYZE, BUFFERS) EXECUTE planned" + arguments)) {
                    while (rs.next()) {
                        plan.add(rs.getString(1));
                    }
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
            String kind = mode.equals("force_custom_plan") ? "custom" : "generic";
            lines.add("--- " + statement.name() + " [" + label + ", " + kind + " plan]");
            lines.addAll(plan);
            lines.add(summary(statement.name(), label, kind, plan));
        }
        return lines;
    }

    /** One line per plan: times, buffers and every scan it made. */
    private static String summary(String name, String label, String kind, List<String> plan) {
        Set<String> scans = new LinkedHashSet<>();
        String execution = "";
        String planning = "";
        String buffers = "";
        for (String line : plan) {
            Matcher scan = SCAN.matcher(line);
            while (scan.find()) {
                scans.add(scan.group(1));
            }
            if (line.contains("Execution Time")) {
                execution = line.strip();
            } else if (line.contains("Planning Time")) {
                planning = line.strip();
            } else if (buffers.isEmpty() && line.strip().startsWith("Buffers:")) {
                buffers = line.strip();
            }
        }
        return "SUMMARY %-34s %-32s %-8s %s; %s; top %s; %s".formatted(name, label, kind, execution, planning, buffers, scans);
    }

    /**
     * {@code runs} submissions through the intake statement, prepared once as the gateway's connections hold it.
     * A random slot already taken stores nothing (the gateway picks again), so it submits until {@code runs} are queued.
     */
    private static void submit(Connection connection, Statements intake, int runs) throws SQLException {
        try (Statement sql = connection.createStatement()) {
            sql.execute("DEALLOCATE ALL");
            sql.execute("PREPARE submit AS " + intake.sql());
            while (queued(sql) < runs) {
                sql.execute("EXECUTE submit" + arguments(connection, intake));
            }
            sql.execute("DEALLOCATE submit");
        }
    }

    private static long queued(Statement sql) throws SQLException {
        try (ResultSet rs = sql.executeQuery("SELECT count(*) FROM runs WHERE status = 'queued'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** {@code (v1, v2, …)}: SQL literals for the statement's parameters, by name. */
    private static String arguments(Connection connection, Statements statement) throws SQLException {
        if (statement.parameters().isEmpty()) {
            return "";
        }
        List<String> values = new ArrayList<>();
        for (String parameter : statement.parameters()) {
            Object value = (parameter.equals("id") || parameter.equals("ids")) && !statement.sql().contains("INSERT")
                    ? queuedRun(connection, statement.owner().equals("ArrivalPositions"))
                    // the relay's mark by id: the run just committed (unpublished here: the plans submit through SQL)
                    : parameter.equals("id[]") ? "{" + queuedRun(connection, true) + "}" : value(parameter);
            values.add(value == null ? "NULL" : "'" + value.toString().replace("'", "''") + "'");
        }
        return "(" + String.join(", ", values) + ")";
    }

    /** A run from the middle of the queue (the one a poll reads), or its newest (the one a 202 places). */
    private static UUID queuedRun(Connection connection, boolean newest) throws SQLException {
        try (Statement sql = connection.createStatement(); ResultSet rs = sql.executeQuery(newest
                ? "SELECT id FROM runs WHERE status = 'queued' ORDER BY submitted_at DESC, id DESC LIMIT 1" : """
                SELECT id FROM runs WHERE status = 'queued' ORDER BY submitted_at, id
                OFFSET (SELECT count(*) / 2 FROM runs WHERE status = 'queued') LIMIT 1""")) {
            if (!rs.next()) {
                throw new IllegalStateException("no queued run to poll");
            }
            return rs.getObject(1, UUID.class);
        }
    }

    private static Object value(String parameter) {
        return switch (parameter) {
            case "id" -> UUID.randomUUID();
            case "team", "team_id" -> "default";
            case "name" -> "plan-" + UUID.randomUUID();
            case "script" -> "export default function () {}";
            case "vus", "runners" -> 1;
            case "pending" -> 0;
            case "limit" -> 200;
            case "duration" -> "30s";
            case "timeout" -> 60;
            case "env" -> "{}";
            case "tags" -> "{\"env\":\"bench\",\"source\":\"plans\"}";
            case "submitted" -> Timestamp.from(Instant.now()).toInstant();
            case "iterations", "key", "traceparent" -> null;
            default -> throw new IllegalArgumentException("no value for parameter '" + parameter + "': add it to IntakePlans.value");
        };
    }

    private static void backlogLimit(Connection connection, int limit) throws SQLException {
        try (Statement sql = connection.createStatement()) {
            sql.executeUpdate("UPDATE teams SET max_queued_runs = " + limit + " WHERE id = 'default'");
        }
    }

    /** Waits up to two minutes (autovacuum's naptime is one) for autovacuum to analyze runs after the growth. */
    private static boolean awaitAutoanalyze(Connection connection) throws SQLException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Statement sql = connection.createStatement(); ResultSet rs = sql.executeQuery("""
                    SELECT last_autoanalyze IS NOT NULL AND n_mod_since_analyze < 1000 FROM pg_stat_user_tables
                    WHERE relname = 'runs'""")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return true;
                }
            }
            dev.k6runner.testsupport.process.Sleep.millis(2000);
        }
        return false;
    }

    private static String statistics(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement(); ResultSet rs = sql.executeQuery("""
                SELECT c.reltuples::bigint, c.relpages, s.n_live_tup, s.last_autoanalyze, s.last_autovacuum, s.last_analyze
                FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.relname = 'runs'""")) {
            rs.next();
            return "runs reltuples=%d relpages=%d n_live_tup=%d last_autoanalyze=%s last_autovacuum=%s last_analyze=%s".formatted(
                    rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getString(6));
        }
    }
}
