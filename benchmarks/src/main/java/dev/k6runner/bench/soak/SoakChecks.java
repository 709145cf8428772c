package dev.k6runner.bench.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import dev.k6runner.bench.client.GatewayClient;
import dev.k6runner.model.Topic;

/** The end-of-soak verdict, from the database, the gateway's API, the k6 invocation log and the broker. */
final class SoakChecks {

    static final Set<String> TERMINAL = Set.of("completed", "failed", "cancelled", "timed_out", "interrupted");

    /** Everything the one-line verdict is made of; {@code problems} explains every non-zero failure count. */
    record Verdict(int accepted, int rejected, Map<String, Integer> byStatus, int lost, int duplicated, int unexpected,
                   int notExecuted, int outboxPending, long analyzerLag, int live, int httpMismatch,
                   int unattributedInvocations, int loadAfterInterrupted, int quarantined, List<String> problems) {

        boolean passed() {
            return lost == 0 && duplicated == 0 && unexpected == 0 && notExecuted == 0 && outboxPending == 0
                    && analyzerLag == 0 && live == 0 && httpMismatch == 0 && loadAfterInterrupted == 0;
        }
    }

    /** What else the checks need: the runs a fault may have interrupted, and the target's arrivals per run. */
    record Context(Set<UUID> onKilledRunner, Set<UUID> mayBeInterrupted, Map<UUID, List<java.time.Instant>> arrivals) {
    }

    private SoakChecks() {
    }

    static Verdict check(List<Submission> submissions, Context context, Connection db, GatewayClient gateway,
                         String bootstrapServers, Path invocationLog) throws SQLException, IOException {
        Set<UUID> onKilledRunner = context.onKilledRunner();
        List<String> problems = new ArrayList<>();
        Map<UUID, String> status = statuses(db);
        Invocations.Tally tally = Invocations.tally(Files.exists(invocationLog)
                ? Invocations.parse(Files.readString(invocationLog)) : List.of());
        Map<String, Integer> byStatus = new TreeMap<>();
        int accepted = 0, rejected = 0, lost = 0, unexpected = 0, notExecuted = 0, httpMismatch = 0;
        for (Submission submission : submissions) {
            if (!submission.accepted()) {
                rejected++;
                problems.add("not accepted: " + submission.token() + " answered " + submission.httpStatus());
                continue;
            }
            accepted++;
            UUID id = UUID.fromString(submission.testId());
            String actual = status.get(id);
            if (actual == null || !TERMINAL.contains(actual)) {
                lost++;
                problems.add("lost: " + id + " (" + submission.scenario().recording + ") is " + actual);
                continue;
            }
            byStatus.merge(actual, 1, Integer::sum);
            String expected = onKilledRunner.contains(id) ? "interrupted" : submission.scenario().expectedStatus;
            boolean excused = context.mayBeInterrupted().contains(id) && "interrupted".equals(actual);
            if (!expected.equals(actual) && !excused) {
                unexpected++;
                problems.add("unexpected: " + id + " (" + submission.scenario().recording + ") is " + actual + ", expected " + expected);
            }
            if (!"interrupted".equals(actual) && tally.executions(id) == 0) {
                notExecuted++;
                problems.add("not executed: " + id + " is " + actual + " but k6 never ran for it");
            }
            String viaHttp = gateway.result(id.toString()).text("status");
            if (!actual.equals(viaHttp)) {
                httpMismatch++;
                problems.add("http: " + id + " is " + actual + " in Postgres but " + viaHttp + " over HTTP");
            }
        }
        tally.duplicated().forEach(id -> problems.add("duplicated: k6 ran " + tally.executions(id) + " times for " + id));
        int outbox = count(db, "SELECT count(*) FROM runs WHERE status = 'queued' AND published_at IS NULL");
        int live = count(db, "SELECT count(*) FROM runs WHERE status IN ('queued', 'running', 'analyzing')");
        long lag = analyzerLag(bootstrapServers, problems);
        if (outbox > 0) {
            problems.add("outbox: " + outbox + " runs never published");
        }
        if (live > 0) {
            problems.add("live: " + live + " runs still queued/running/analyzing");
        }
        int loadAfter = LoadAfterInterrupted.count(db, context.arrivals(), problems);
        int quarantined = quarantined(db);
        return new Verdict(accepted, rejected, byStatus, lost, tally.duplicated().size(), unexpected, notExecuted, outbox,
                lag, live, httpMismatch, tally.unattributed(), loadAfter, quarantined, problems);
    }

    /** Runners quarantined at the end (runners.quarantined_at, migration V19); -1 where the schema has no such column. */
    private static int quarantined(Connection db) throws SQLException {
        boolean known = count(db, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'runners' "
                + "AND column_name = 'quarantined_at'") > 0;
        return known ? count(db, "SELECT count(*) FROM runners WHERE quarantined_at IS NOT NULL") : -1;
    }

    static int liveRuns(Connection db) throws SQLException {
        return count(db, "SELECT count(*) FROM runs WHERE status IN ('queued', 'running', 'analyzing')");
    }

    private static Map<UUID, String> statuses(Connection db) throws SQLException {
        Map<UUID, String> status = new HashMap<>();
        try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery("SELECT id, status FROM runs")) {
            while (rows.next()) {
                status.put(rows.getObject(1, UUID.class), rows.getString(2));
            }
        }
        return status;
    }

    private static int count(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** Records of k6.runs.finished the analyzers' group has not committed past; -1 when the broker cannot say. */
    static long analyzerLag(String bootstrapServers, List<String> problems) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15000))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets(Topic.Names.ANALYZER_GROUP).partitionsToOffsetAndMetadata().get();
            var partitions = admin.describeTopics(List.of(Topic.Names.RUNS_FINISHED)).allTopicNames().get()
                    .get(Topic.Names.RUNS_FINISHED).partitions();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(new TopicPartition(Topic.Names.RUNS_FINISHED, p.partition()), OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            long lag = 0;
            for (var end : ends.entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                long behind = end.getValue().offset() - (done == null ? 0 : done.offset());
                if (behind > 0) {
                    problems.add("lag: " + end.getKey() + " end " + end.getValue().offset() + ", committed "
                            + (done == null ? "none" : done.offset()));
                }
                lag += Math.max(0, behind);
            }
            return lag;
        } catch (ExecutionException e) {
            problems.add("lag: the broker could not say: " + e.getCause());
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
