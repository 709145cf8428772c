package dev.k6runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code k6 archive} where a k6 is on the PATH (a fake one here: only its command line and output file matter). */
class K6ArchiverTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void theTarK6ArchiveWritesIsWhatIsUploaded(@TempDir Path dir) throws Exception {
        Path bin = fakeK6(dir, "[ \"$1 $2 $3\" = 'archive --no-color -O' ] || exit 3\nprintf 'tar of %s' \"$5\" > \"$4\"\n");
        Path script = Files.writeString(dir.resolve("main.js"), "import './lib.js';");
        var tar = K6Archiver.archive(script, Map.of("PATH", "/nonexistent:" + bin), stream());
        assertThat(tar).hasValueSatisfying(bytes -> assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("tar of " + script));
    }

    @Test
    void withoutK6OrWhenItFailsTheFolderIsSentInstead(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("main.js"), "import './lib.js';");
        assertThat(K6Archiver.archive(script, Map.of("PATH", dir.toString()), stream())).isEmpty();
        Path bin = fakeK6(dir, "echo 'The moduleSpecifier \"./lib.js\" could not be found' >&2\nexit 107\n");
        assertThat(K6Archiver.archive(script, Map.of("PATH", bin.toString()), stream())).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("`k6 archive` failed; sending the script's folder instead")
                .contains("could not be found");
    }

    private PrintStream stream() {
        return new PrintStream(err, true, StandardCharsets.UTF_8);
    }

    private static Path fakeK6(Path dir, String body) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path k6 = bin.resolve("k6");
        Files.writeString(k6, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(k6, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }
}
