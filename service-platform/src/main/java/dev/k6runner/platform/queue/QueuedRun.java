package dev.k6runner.platform.queue;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.UUID;

/**
 * A queued run as the fair-share policy sees it.
 *
 * @param id          the run
 * @param teamId      the team that submitted it
 * @param submittedAt when it was accepted; FIFO within a team and ties between teams follow it
 */
public record QueuedRun(UUID id, String teamId, Instant submittedAt) {

    /**
     * Submission time, then id. Ids compare as unsigned bytes, as Postgres orders uuid, so a database
     * {@code ORDER BY submitted_at, id} and this order agree even on equal timestamps.
     */
    static final Comparator<QueuedRun> SUBMISSION_ORDER = Comparator.comparing(QueuedRun::submittedAt)
            .thenComparing(QueuedRun::id, QueuedRun::compareUnsigned);

    public QueuedRun {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(submittedAt, "submittedAt");
    }

    private static int compareUnsigned(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }
}
