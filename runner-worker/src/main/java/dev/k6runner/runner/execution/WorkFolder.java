package dev.k6runner.runner.execution;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A run's private working folder (mode 700): the script, the named pipe k6 streams {@code --out json} into,
 * and k6's summary export. The sandbox's only writable place; deleted after the run.
 */
final class WorkFolder implements AutoCloseable {

    static final String SCRIPT = "script.js";

    private final Path path;
    /** What k6 is given to run: script.js, or archive.tar for a k6 archive (its bundle decides). */
    private String entry = SCRIPT;

    private WorkFolder(Path path) {
        this.path = path;
    }

    String entry() {
        return entry;
    }

    void useEntry(String bundleEntry) {
        this.entry = bundleEntry;
    }

    static WorkFolder create(Path root, UUID runId, String script) throws IOException {
        return create(root, runId.toString(), script);
    }

    /** @param name the run's id, or for one segment of a test on several runners the id and the segment's index */
    static WorkFolder create(Path root, String name, String script) throws IOException {
        Files.createDirectories(root);
        Path path = root.toAbsolutePath().resolve(name);
        if (Files.exists(path)) {
            deleteTree(path);
        }
        Files.createDirectory(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        WorkFolder folder = new WorkFolder(path);
        Files.writeString(path.resolve(SCRIPT), script, StandardCharsets.UTF_8);
        folder.makeFifo();
        return folder;
    }

    Path path() {
        return path;
    }

    Path fifo() {
        return path.resolve("metrics.fifo");
    }

    Path summary() {
        return path.resolve("summary.json");
    }

    /** k6's summary export as k6 wrote it, or null when k6 wrote none (it failed before running). */
    String readSummary() throws IOException {
        return Files.isRegularFile(summary()) ? Files.readString(summary(), StandardCharsets.UTF_8) : null;
    }

    /**
     * Holds the pipe open read-write for the duration of k6: the reader's open never blocks, and the reader
     * sees end-of-stream only once both k6 and this holder have closed it, even if k6 never opened it.
     */
    RandomAccessFile holdFifo() throws IOException {
        return new RandomAccessFile(fifo().toFile(), "rw");
    }

    private void makeFifo() throws IOException {
        Process mkfifo = new ProcessBuilder("mkfifo", "-m", "600", fifo().toString()).redirectErrorStream(true).start();
        try {
            String output = new String(mkfifo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!mkfifo.waitFor(10, TimeUnit.SECONDS) || mkfifo.exitValue() != 0) {
                throw new IOException("mkfifo failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating the metrics pipe", e);
        }
    }

    @Override
    public void close() throws IOException {
        deleteTree(path);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
