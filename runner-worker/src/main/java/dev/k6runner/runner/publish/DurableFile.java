package dev.k6runner.runner.publish;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A file that is either absent or whole, and survives a power cut once {@link #write} returned: the content goes
 * to a temporary file in the same folder, is forced to the disk, renamed over the target in one atomic step,
 * and the folder itself is forced so that the rename is on the disk too.
 */
public final class DurableFile {

    static final String TEMPORARY_SUFFIX = ".tmp";

    private DurableFile() {
    }

    public static void write(Path target, String content) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temporary = folder.resolve(target.getFileName() + TEMPORARY_SUFFIX);
        try (FileChannel file = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                file.write(bytes);
            }
            file.force(true);
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceFolder(folder);
    }

    /** Removes the file and makes its removal durable, so a replay after a crash does not find it again. */
    public static void delete(Path target) throws IOException {
        if (Files.deleteIfExists(target)) {
            forceFolder(target.toAbsolutePath().getParent());
        }
    }

    private static void forceFolder(Path folder) throws IOException {
        try (FileChannel directory = FileChannel.open(folder, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
