package dev.k6runner.platform.bundle;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import dev.k6runner.platform.bundle.BundleRefused.Reason;

/**
 * Bundles as tar: the gateway checks an uploaded k6 archive and writes a files map as a canonical tar (sorted, no
 * times or owners, so equal files give equal bytes and one hash); a runner checks again and writes a files bundle
 * into the run's folder. Only regular files and folders pass, plus the one hard link k6 archive itself writes:
 * the entry script linked to {@code data} (recording archive).
 */
public final class BundleTar {

    /** A file of a bundle, by its normal path. */
    public record Entry(String name, long size) {
    }

    /** The entry k6 archive keeps the entry script in, the only target a hard link may have. */
    private static final String K6_ENTRY_SCRIPT = "data";
    private static final String K6_METADATA = "metadata.json";
    private static final int BLOCK = 512;

    private BundleTar() {
    }

    /** The canonical tar of these files (paths already normal): deterministic, so its sha256 names its content. */
    public static byte[] write(SortedMap<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(sizeOf(files));
        write(files, bytes);
        return bytes.toByteArray();
    }

    /** Writes the canonical tar of these files to {@code out}, and closes it. */
    public static void write(SortedMap<String, byte[]> files, OutputStream out) {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            for (var file : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey(), true);
                entry.setSize(file.getValue().length);
                entry.setMode(0644);
                entry.setModTime(0);
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The size of the canonical tar of these files when no name needs a PAX header (the usual case): a 512-byte
     * header per file, the contents in 512-byte blocks, two zero blocks at the end. Longer when a name needs one.
     */
    public static int sizeOf(SortedMap<String, byte[]> files) {
        long blocks = 2;
        for (byte[] content : files.values()) {
            blocks += 1 + (content.length + BLOCK - 1) / BLOCK;
        }
        return (int) Math.min(Integer.MAX_VALUE - 8, blocks * BLOCK);
    }

    /** Every file of the tar, each entry checked; refused as a whole on the first entry that does not pass. */
    public static List<Entry> scan(byte[] tar, BundleLimits limits) {
        List<Entry> files = new ArrayList<>();
        read(tar, limits, (entry, in) -> files.add(entry));
        return files;
    }

    /** Refuses a tar that k6 would not run as an archive: one without {@code metadata.json} and {@code data}. */
    public static void requireK6Archive(List<Entry> files) {
        Set<String> names = new HashSet<>();
        files.forEach(file -> names.add(file.name()));
        if (!names.contains(K6_METADATA) || !names.contains(K6_ENTRY_SCRIPT)) {
            throw new BundleRefused(Reason.MALFORMED, "the tar holds no " + K6_METADATA + " and " + K6_ENTRY_SCRIPT
                    + ": it was not made by `k6 archive`");
        }
    }

    /** Writes the tar's regular files under {@code folder}, never following a link and never outside it. */
    public static void extract(byte[] tar, Path folder, BundleLimits limits) {
        Path root = folder.toAbsolutePath().normalize();
        read(tar, limits, (entry, in) -> {
            Path target = root.resolve(entry.name()).normalize();
            if (!target.startsWith(root) || target.equals(root)) {
                throw new BundleRefused(Reason.PATH, "path '" + entry.name() + "' leaves the run's folder");
            }
            createFolders(root, target.getParent());
            Files.write(target, in.readNBytes((int) entry.size()), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        });
    }

    /** Creates each folder from {@code root} down, refusing one that is a link: a link would lead the write elsewhere. */
    private static void createFolders(Path root, Path folder) throws IOException {
        Path current = root;
        for (Path segment : root.relativize(folder)) {
            current = current.resolve(segment);
            if (Files.isSymbolicLink(current) || Files.exists(current, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                throw new BundleRefused(Reason.ENTRY_TYPE, "'" + root.relativize(current) + "' in the run's folder is not a folder");
            }
            if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(current);
            }
        }
    }

    private interface EntryReader {
        void accept(Entry entry, TarArchiveInputStream in) throws IOException;
    }

    private static void read(byte[] tar, BundleLimits limits, EntryReader reader) {
        if (tar.length > limits.maxBytes()) {
            throw tooLarge(tar.length, limits);
        }
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar), StandardCharsets.UTF_8.name())) {
            Set<String> seen = new HashSet<>();
            long total = 0;
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                String name = BundlePath.normalize(entry.getName());
                if (!isFile(entry, name)) {
                    continue;
                }
                if (!seen.add(name)) {
                    throw new BundleRefused(Reason.PATH, "path '" + name + "' appears twice");
                }
                if (seen.size() > limits.maxFiles()) {
                    throw new BundleRefused(Reason.TOO_MANY_FILES, "more than " + limits.maxFiles() + " files");
                }
                total += entry.getSize();
                if (total > limits.maxBytes()) {
                    throw tooLarge(total, limits);
                }
                reader.accept(new Entry(name, entry.getSize()), in);
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new BundleRefused(Reason.MALFORMED, "not a readable tar: " + e.getMessage());
        }
    }

    /** True for a regular file; false for a folder; refuses every other kind of entry. */
    private static boolean isFile(TarArchiveEntry entry, String name) {
        byte type = entry.getLinkFlag();
        if (type == TarConstants.LF_DIR) {
            return false;
        }
        if (type == TarConstants.LF_LINK) {
            String target = entry.getLinkName() == null ? "" : entry.getLinkName();
            if (!target.equals(K6_ENTRY_SCRIPT)) {
                throw new BundleRefused(Reason.ENTRY_TYPE, "'" + name + "' is a hard link to '" + target
                        + "'; only k6's own link of the entry script to 'data' is accepted");
            }
            return false;
        }
        if (type == TarConstants.LF_NORMAL || type == TarConstants.LF_OLDNORM) {
            return true;
        }
        throw new BundleRefused(Reason.ENTRY_TYPE, "'" + name + "' is " + kind(entry) + ", not a regular file");
    }

    private static String kind(TarArchiveEntry entry) {
        if (entry.isSymbolicLink()) {
            return "a symbolic link";
        }
        if (entry.isCharacterDevice() || entry.isBlockDevice()) {
            return "a device file";
        }
        return entry.isFIFO() ? "a FIFO" : "an entry of type '" + (char) entry.getLinkFlag() + "'";
    }

    private static BundleRefused tooLarge(long bytes, BundleLimits limits) {
        return new BundleRefused(Reason.TOO_LARGE, "the bundle is over " + limits.maxBytes() + " bytes (" + bytes
                + " so far); vendor less, or split the test");
    }
}
