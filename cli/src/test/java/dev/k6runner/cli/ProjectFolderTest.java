package dev.k6runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectFolderTest {

    private static final String SCRIPT = "import { pick } from './lib/util.js';\n"
            + "const users = open('./data/users.csv');\nexport default function () {}\n";

    @Test
    void theScriptsFolderIsSentWithoutIgnoredSecretOrBinaryFiles(@TempDir Path dir) throws Exception {
        Path main = write(dir, "main.js", SCRIPT);
        write(dir, "lib/util.js", "export function pick(l, i) { return l[i]; }");
        write(dir, "data/users.csv", "name\nalice\n");
        write(dir, ".git/config", "[core]");
        write(dir, ".env", "TOKEN=secret");
        write(dir, "node_modules/left-pad/index.js", "module.exports = 1;");
        write(dir, "old-run.tar", "tar");
        write(dir, "script.js", "// another script");
        Files.write(dir.resolve("data/logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', (byte) 0xff, (byte) 0xfe});

        ProjectFolder.Bundle bundle = ProjectFolder.of(main, SCRIPT);

        assertThat(bundle.files()).containsOnlyKeys("lib/util.js", "data/users.csv");
        assertThat(bundle.files().get("data/users.csv")).isEqualTo("name\nalice\n");
        assertThat(bundle.skipped()).anyMatch(s -> s.startsWith("data/logo.png (binary"))
                .anyMatch(s -> s.startsWith("script.js (a name the run's folder keeps"));
    }

    @Test
    void aScriptThatRefersToNoLocalFileSendsItsFolderNot(@TempDir Path dir) throws Exception {
        String alone = "import http from 'k6/http';\nexport default function () { http.get('http://x/'); }\n";
        Path main = write(dir, "basic.js", alone);
        write(dir, "other.js", "export default function () {}");
        assertThat(ProjectFolder.of(main, alone).files()).isEmpty();
    }

    @Test
    void aFolderOverTheServicesFileLimitIsAUsageErrorPointingToKArchive(@TempDir Path dir) throws Exception {
        Path main = write(dir, "main.js", SCRIPT);
        for (int i = 0; i <= ProjectFolder.MAX_FILES; i++) {
            write(dir, "data/f" + i + ".json", "{}");
        }
        assertThatThrownBy(() -> ProjectFolder.of(main, SCRIPT)).isInstanceOf(UsageException.class)
                .hasMessageContaining("k6 archive -O test.tar main.js");
    }

    private static Path write(Path dir, String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
