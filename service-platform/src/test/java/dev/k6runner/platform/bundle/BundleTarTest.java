package dev.k6runner.platform.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeMap;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.k6runner.platform.bundle.BundleRefused.Reason;

class BundleTarTest {

    private static final BundleLimits LIMITS = new BundleLimits(1 << 20, 10);

    @Test
    void theRecordedK6ArchivePassesWithItsEntryScriptLinkedToData() throws IOException {
        byte[] archive = recordedArchive();
        var files = BundleTar.scan(archive, LIMITS);
        assertThat(files).extracting(BundleTar.Entry::name).containsExactly("metadata.json", "data",
                "file/srv/loadtests/archive/project/data/config.json", "file/srv/loadtests/archive/project/data/users.csv",
                "file/srv/loadtests/archive/project/lib/util.js");
        BundleTar.requireK6Archive(files);
    }

    @Test
    void aCanonicalTarIsTheSameBytesForTheSameFilesAndExtractsBesideTheScript(@TempDir Path dir) {
        var files = new TreeMap<String, byte[]>();
        files.put("lib/util.js", "export const x = 1;".getBytes(StandardCharsets.UTF_8));
        files.put("data/users.csv", "name\nalice\n".getBytes(StandardCharsets.UTF_8));
        byte[] tar = BundleTar.write(files);
        assertThat(BundleTar.write(new TreeMap<>(files))).isEqualTo(tar);
        assertThat(tar).as("the size the gateway sizes its buffer by").hasSize(BundleTar.sizeOf(files));
        BundleTar.extract(tar, dir, LIMITS);
        assertThat(dir.resolve("lib/util.js")).hasContent("export const x = 1;");
        assertThat(dir.resolve("data/users.csv")).hasContent("name\nalice\n");
    }

    @Test
    void climbingAndAbsolutePathsAreRefused() throws IOException {
        for (String name : new String[] {"../evil.js", "lib/../../evil.js", "/etc/passwd"}) {
            byte[] tar = tar(entry(name, TarConstants.LF_NORMAL, null), "x");
            assertRefused(tar, Reason.PATH);
        }
    }

    @Test
    void symlinksForeignHardLinksDevicesAndFifosAreRefused() throws IOException {
        assertRefused(tar(entry("lib/util.js", TarConstants.LF_SYMLINK, "/etc/passwd"), null), Reason.ENTRY_TYPE);
        assertRefused(tar(entry("lib/util.js", TarConstants.LF_LINK, "/etc/shadow"), null), Reason.ENTRY_TYPE);
        assertRefused(tar(entry("lib/util.js", TarConstants.LF_LINK, "metadata.json"), null), Reason.ENTRY_TYPE);
        assertRefused(tar(entry("dev/null", TarConstants.LF_CHR, null), null), Reason.ENTRY_TYPE);
        assertRefused(tar(entry("dev/sda", TarConstants.LF_BLK, null), null), Reason.ENTRY_TYPE);
        assertRefused(tar(entry("pipe", TarConstants.LF_FIFO, null), null), Reason.ENTRY_TYPE);
    }

    @Test
    void sizeAndFileCountAreLimited() throws IOException {
        byte[] archive = recordedArchive();
        assertRefused(archive, new BundleLimits(archive.length - 1, 10), Reason.TOO_LARGE);
        assertRefused(archive, new BundleLimits(1 << 20, 4), Reason.TOO_MANY_FILES);
    }

    @Test
    void garbageTruncatedTarsAndTarsThatAreNotK6ArchivesAreMalformed() throws IOException {
        assertRefused("this is not a tar at all".repeat(40).getBytes(StandardCharsets.UTF_8), LIMITS, Reason.MALFORMED);
        byte[] archive = recordedArchive();
        assertRefused(Arrays.copyOf(archive, 1200), LIMITS, Reason.MALFORMED);
        byte[] plain = tar(entry("script.js", TarConstants.LF_NORMAL, null), "export default function () {}");
        assertThatThrownBy(() -> BundleTar.requireK6Archive(BundleTar.scan(plain, LIMITS)))
                .isInstanceOfSatisfying(BundleRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    }

    @Test
    void extractNeverWritesThroughAnExistingLink(@TempDir Path dir) throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.createSymbolicLink(run.resolve("lib"), outside);
        var files = new TreeMap<String, byte[]>();
        files.put("lib/util.js", new byte[] {1});
        byte[] tar = BundleTar.write(files);
        assertThatThrownBy(() -> BundleTar.extract(tar, run, LIMITS)).isInstanceOf(RuntimeException.class);
        assertThat(outside.resolve("util.js")).doesNotExist();
    }

    static byte[] recordedArchive() throws IOException {
        try (var in = BundleTarTest.class.getResourceAsStream("/k6-recordings/archive/archive.tar")) {
            return in.readAllBytes();
        }
    }

    private static void assertRefused(byte[] tar, Reason reason) {
        assertRefused(tar, LIMITS, reason);
    }

    private static void assertRefused(byte[] tar, BundleLimits limits, Reason reason) {
        assertThatThrownBy(() -> BundleTar.scan(tar, limits))
                .isInstanceOfSatisfying(BundleRefused.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static TarArchiveEntry entry(String name, byte type, String link) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
        if (link != null) {
            entry.setLinkName(link);
        }
        return entry;
    }

    private static byte[] tar(TarArchiveEntry entry, String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            byte[] body = content == null ? new byte[0] : content.getBytes(StandardCharsets.UTF_8);
            entry.setSize(body.length);
            out.putArchiveEntry(entry);
            out.write(body);
            out.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }
}
