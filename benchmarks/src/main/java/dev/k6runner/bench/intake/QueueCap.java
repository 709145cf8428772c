package dev.k6runner.bench.intake;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import dev.k6runner.bench.process.Stack;
import dev.k6runner.testsupport.process.Sleep;

/**
 * A stand-in for runners during the submission load: every 100 ms it takes the oldest queued runs beyond
 * {@code cap} out of the queue (cancels them, as no runner is up), as runners starting runs at the submission
 * rate would. The queue then stays as long as a team's default backlog, and each exact queue position the gateway
 * computes covers that many runs, not every run submitted so far.
 */
final class QueueCap implements AutoCloseable {

    private final Thread thread;

    QueueCap(Stack stack, int cap) {
        this.thread = Thread.ofPlatform().name("queue-cap").start(() -> hold(stack, cap));
    }

    private static void hold(Stack stack, int cap) {
        try (Connection connection = stack.jdbc(); Statement sql = connection.createStatement()) {
            while (!Thread.currentThread().isInterrupted()) {
                sql.executeUpdate("""
                        UPDATE runs SET status = 'cancelled', finished_at = now(), status_reason = 'benchmark: runner stand-in'
                        WHERE id IN (SELECT id FROM runs WHERE status = 'queued' ORDER BY submitted_at, id
                                     OFFSET 0 LIMIT greatest(0, (SELECT count(*) FROM runs WHERE status = 'queued') - %d))"""
                        .formatted(cap));
                Sleep.millis(100);
            }
        } catch (SQLException e) {
            System.out.println("queue cap stopped: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
