package dev.k6runner.bench.intake;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.k6runner.bench.stats.Recorder;

/**
 * What Postgres alone gives on this machine right now, at the same concurrency as the gateway's load: a
 * plain JDBC insert of a runs row (autocommit, one connection per client, closed loop) and a primary-key
 * read of one. The gateway's figures are read against these, so a busy or slow machine shows in both.
 * Both harnesses use it: the local mode's ({@code Stack::jdbc}) and the gateway's in-process one.
 */
public final class JdbcBaseline {

    /** Opens one client's connection. */
    public interface Connections {
        Connection open() throws SQLException;
    }

    static final String SCRIPT = "// k6-standin: no-requests\nexport default function () {}\n";

    private final Connections connections;
    private final int concurrency;
    private final Duration duration;
    private final List<UUID> inserted = Collections.synchronizedList(new ArrayList<>());

    public JdbcBaseline(Connections connections, int concurrency, Duration duration) {
        this.connections = connections;
        this.concurrency = concurrency;
        this.duration = duration;
    }

    /**
     * The row the gateway writes for a submission (same columns, tags, so the run_tags trigger fires), but
     * already terminal and published, so nothing ever acts on it and no queue rule applies to it.
     */
    public Recorder insert() throws InterruptedException {
        return closedLoop(() -> connection -> {
            UUID id = UUID.randomUUID();
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO runs (id, team_id, name, status, script, env, tags, timeout_seconds, submitted_at, published_at)
                    VALUES (?, 'default', 'bench-jdbc', 'cancelled', ?, '{}'::jsonb, '{"env":"bench","source":"jdbc"}'::jsonb,
                            60, now(), now())""")) {
                insert.setObject(1, id);
                insert.setString(2, SCRIPT);
                insert.executeUpdate();
            }
            inserted.add(id);
        });
    }

    /** Primary-key reads of the rows {@link #insert()} wrote (call it first). */
    Recorder primaryKeyRead() throws InterruptedException {
        if (inserted.isEmpty()) {
            throw new IllegalStateException("insert() first: the reads need rows");
        }
        return closedLoop(() -> connection -> {
            try (PreparedStatement read = connection.prepareStatement("SELECT * FROM runs WHERE id = ?")) {
                read.setObject(1, inserted.get(ThreadLocalRandom.current().nextInt(inserted.size())));
                try (ResultSet row = read.executeQuery()) {
                    if (!row.next()) {
                        throw new SQLException("row not found");
                    }
                }
            }
        });
    }

    interface SqlOperation {
        void run(Connection connection) throws SQLException;
    }

    private Recorder closedLoop(Supplier<SqlOperation> operation) throws InterruptedException {
        Recorder recorder = new Recorder();
        long end = System.nanoTime() + duration.toNanos();
        CountDownLatch done = new CountDownLatch(concurrency);
        recorder.start();
        for (int c = 0; c < concurrency; c++) {
            Thread.ofPlatform().start(() -> {
                try (Connection connection = connections.open()) {
                    SqlOperation op = operation.get();
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        boolean ok = true;
                        try {
                            op.run(connection);
                        } catch (SQLException e) {
                            ok = false;
                        }
                        recorder.record(start, ok);
                    }
                } catch (SQLException e) {
                    recorder.record(System.nanoTime(), false);
                } finally {
                    done.countDown();
                }
            });
        }
        done.await(duration.toSeconds() + 60, TimeUnit.SECONDS);
        recorder.stop();
        return recorder;
    }
}
