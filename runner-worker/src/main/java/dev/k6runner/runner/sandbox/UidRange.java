package dev.k6runner.runner.sandbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The block of uids this runner's slots use under a separate user. Two runners on one host (local mode, the soak,
 * several runners outside containers) must never share one: each cleans its slots up by killing every process of
 * the slot's uid. A runner holds an exclusive lock on its block's file for its whole life; a block held by another
 * runner is skipped for the next one, {@value #BLOCK} uids further.
 */
final class UidRange {

    static final int BLOCK = 1000;
    private static final int BLOCKS_TRIED = 32;

    private UidRange() {
    }

    /** The first free block at or after {@code base}, locked until this JVM exits; empty when all are taken. */
    static Optional<Integer> claim(Path lockFolder, int base) {
        for (int block = 0; block < BLOCKS_TRIED; block++) {
            int first = base + block * BLOCK;
            if (tryLock(lockFolder.resolve("k6runner-uids-" + first + ".lock"))) {
                return Optional.of(first);
            }
        }
        return Optional.empty();
    }

    @SuppressWarnings("resource") // the channel and its lock are held for the life of the runner, on purpose
    private static boolean tryLock(Path file) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return true;
                }
            } catch (OverlappingFileLockException heldInThisJvm) {
                // another runner in the same JVM (tests) holds it
            }
            channel.close();
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
