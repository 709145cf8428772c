package dev.k6runner.gateway.query;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Queue positions from one ordered read of all queued runs, repeated at most every {@link #REFRESH}. A poll
 * of a queued run (and each submission) then costs a binary search instead of a count of every queued run
 * ahead of it, which behind a backlog of thousands read thousands of index entries per request. A position
 * may be up to {@link #REFRESH} old; the order is the runners' (submission time, then id).
 */
@Component
public class QueuePositions {

    static final Duration REFRESH = Duration.ofMillis(250);

    /** The queued runs in queue order, as parallel arrays: micros since the epoch, then the id's two halves. */
    private record Snapshot(long takenAtNanos, long[] micros, long[] high, long[] low, int size) {
    }

    private final JdbcClient jdbc;
    private volatile Snapshot snapshot;

    QueuePositions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** 1 for the next run to start; counts every team's queued runs ahead, since runners serve all teams. */
    public long positionOf(UUID id, Instant submittedAt) {
        Snapshot queue = current();
        long at = ChronoUnit.MICROS.between(Instant.EPOCH, submittedAt);
        int low = 0;
        int high = queue.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (compare(queue, middle, at, id) < 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low + 1L;
    }

    private Snapshot current() {
        Snapshot queue = snapshot;
        if (fresh(queue)) {
            return queue;
        }
        synchronized (this) {
            queue = snapshot;
            if (!fresh(queue)) {
                queue = read();
                snapshot = queue;
            }
            return queue;
        }
    }

    private static boolean fresh(Snapshot queue) {
        return queue != null && System.nanoTime() - queue.takenAtNanos() < REFRESH.toNanos();
    }

    private Snapshot read() {
        long takenAt = System.nanoTime();
        long[][] columns = {new long[1024], new long[1024], new long[1024]};
        int[] size = {0};
        jdbc.sql("SELECT submitted_at, id FROM runs WHERE status = 'queued' ORDER BY submitted_at, id").query(rs -> {
            if (size[0] == columns[0].length) {
                for (int c = 0; c < columns.length; c++) {
                    columns[c] = Arrays.copyOf(columns[c], size[0] * 2);
                }
            }
            UUID id = rs.getObject(2, UUID.class);
            columns[0][size[0]] = ChronoUnit.MICROS.between(Instant.EPOCH, rs.getTimestamp(1).toInstant());
            columns[1][size[0]] = id.getMostSignificantBits();
            columns[2][size[0]] = id.getLeastSignificantBits();
            size[0]++;
        });
        return new Snapshot(takenAt, columns[0], columns[1], columns[2], size[0]);
    }

    /** Postgres orders uuids byte by byte, which is the unsigned order of the two halves. */
    private static int compare(Snapshot queue, int index, long micros, UUID id) {
        int byTime = Long.compare(queue.micros()[index], micros);
        if (byTime != 0) {
            return byTime;
        }
        int byHigh = Long.compareUnsigned(queue.high()[index], id.getMostSignificantBits());
        return byHigh != 0 ? byHigh : Long.compareUnsigned(queue.low()[index], id.getLeastSignificantBits());
    }
}
