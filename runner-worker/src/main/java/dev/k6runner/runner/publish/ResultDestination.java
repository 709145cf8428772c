package dev.k6runner.runner.publish;

/**
 * Where a kind of finished result goes once the outbox has it on disk: a single run's ({@link ResultPublisher}) or
 * a segment's (the segments' results). {@link ResultReplay} hands each stored result to the one that takes it.
 */
public interface ResultDestination {

    /** Whether this destination publishes the result (a single run's, or a segment's). */
    boolean takes(PendingResult pending);

    /**
     * Publishes a result already on disk, retried through {@link ResultOutbox#untilAnswered} until Postgres answers.
     *
     * @return false when the attempt no longer held its run or segment and the result was kept as an orphan
     * @throws InterruptedException on shutdown while the database was away: the disk copy is replayed at start
     */
    boolean publishStored(PendingResult pending) throws InterruptedException;
}
