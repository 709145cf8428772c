package dev.k6runner.runner.execution;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

import org.springframework.util.unit.DataSize;

/**
 * Stops k6 when its process tree's resident memory passes {@code resources.max-memory} or its working folder passes
 * {@code resources.max-disk-written}: checked with each load sample (about once a second), so one run cannot take the
 * runner's host, or the other runs on it, down with it. Rlimits and the sandbox's own bounds come on top.
 */
final class ResourceWatchdog {

    private final long maxMemory;
    private final long maxDisk;
    private final Path folder;
    private final Violation violation;

    ResourceWatchdog(DataSize maxMemory, DataSize maxDiskWritten, Path folder, Violation violation) {
        this.maxMemory = maxMemory.toBytes();
        this.maxDisk = maxDiskWritten.toBytes();
        this.folder = folder;
        this.violation = violation;
    }

    /** @param rssBytes the k6 tree's resident memory in this sample */
    void check(long rssBytes) {
        if (rssBytes > maxMemory) {
            violation.report("k6 used " + bytes(rssBytes) + " of memory (resident, its whole process tree); the limit "
                    + "(k6runner.runner.resources.max-memory) is " + bytes(maxMemory));
            return;
        }
        long written = folderBytes(folder);
        if (written > maxDisk) {
            violation.report("k6's working folder grew to " + bytes(written) + "; the limit "
                    + "(k6runner.runner.resources.max-disk-written) is " + bytes(maxDisk));
        }
    }

    /** The sizes of the regular files under {@code root}; files vanishing meanwhile count as gone. */
    static long folderBytes(Path root) {
        long[] total = {0};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        total[0] += attributes.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // the folder is gone (the run ended): nothing to count
        }
        return total[0];
    }

    /** 2147483648 → "2.0 GiB": what an operator reads in the status_reason. */
    static String bytes(long count) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = count;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? count + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
