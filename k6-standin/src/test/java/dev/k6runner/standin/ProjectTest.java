package dev.k6runner.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Multi-file projects and k6 archives, replayed as real k6 ran them (recordings multi-file, archive, missing-module). */
class ProjectTest {

    private static final String SPEED = "--standin-speed=20";
    private final CapturedTerminal captured = new CapturedTerminal();

    @Test
    void aScriptWithItsModuleAndDataFilesBesideItReplaysTheMultiFileRun(@TempDir Path dir) throws Exception {
        writeProject(dir);
        int code = run(dir, List.of("--summary-export=" + dir.resolve("s.json")), "script.js", Map.of());
        assertThat(code).isZero();
        assertThat(dir.resolve("s.json")).hasBinaryContent(new Recording("multi-file").bytes("summary-export.json"));
        assertThat(captured.stdout()).contains("✓ created", "✓ echoes the user", "6 complete and 0 interrupted iterations");
    }

    @Test
    void aMissingModuleFailsAsRealK6DidWithExit107(@TempDir Path dir) throws Exception {
        writeProject(dir);
        Files.delete(dir.resolve("lib/util.js"));
        int code = run(dir, List.of("--summary-export=" + dir.resolve("s.json")), "script.js", Map.of());
        assertThat(code).isEqualTo(107);
        assertThat(dir.resolve("s.json")).doesNotExist();
        assertThat(captured.stderr()).contains("k6-standin: recording 'multi-file' imports ./lib/util.js",
                "couldn't be found on local disk");
    }

    @Test
    void aMissingDataFileOrAChangedModuleIsNotReplayed(@TempDir Path dir) throws Exception {
        writeProject(dir);
        Files.delete(dir.resolve("data/users.csv"));
        assertThatThrownBy(() -> run(dir, List.of(), "script.js", Map.of())).isInstanceOf(StandinFailure.class)
                .hasMessageContaining("needs ./data/users.csv beside the script");
        writeProject(dir);
        Files.writeString(dir.resolve("lib/util.js"), "export function pick() { return 'x'; }");
        assertThatThrownBy(() -> run(dir, List.of(), "script.js", Map.of())).isInstanceOf(StandinFailure.class)
                .hasMessageContaining("./lib/util.js differs from recording 'multi-file'");
    }

    @Test
    void theRecordedArchiveRunsFromAnyFolderAndFlagsPickTheOverridesRun(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("archive.tar"), new Recording("archive").bytes("archive.tar"));
        assertThat(run(dir, List.of("--summary-export=" + dir.resolve("s.json")), "archive.tar", Map.of())).isZero();
        assertThat(dir.resolve("s.json")).hasBinaryContent(new Recording("archive").bytes("summary-export.json"));
        assertThat(captured.stdout()).contains("script: " + dir.resolve("archive.tar"), "2 max VUs");
        captured.reset();
        assertThat(run(dir, List.of("--summary-export=" + dir.resolve("o.json"), "--vus", "1", "--iterations", "3"), "archive.tar", Map.of())).isZero();
        assertThat(dir.resolve("o.json")).hasBinaryContent(new Recording("archive").variant("overrides-").bytes("summary-export.json"));
        assertThat(captured.stdout()).contains("3 iterations shared among 1 VUs");
    }

    @Test
    void inspectOfTheArchiveTakesItsFiguresFromTheArchiveRunsAndItsEnvironmentOverrides(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("archive.tar"), new Recording("archive").bytes("archive.tar"));
        assertThat(inspect(dir, Map.of())).isZero();
        assertThat(captured.stdout()).contains("\"maxVUs\": 2", "\"totalDuration\": \"10m30s\"");
        captured.reset();
        assertThat(inspect(dir, Map.of("K6_VUS", "1", "K6_ITERATIONS", "3"))).isZero();
        assertThat(captured.stdout()).contains("\"maxVUs\": 1");
    }

    @Test
    void aTarThatIsNotAK6ArchiveIsAStandinFailure(@TempDir Path dir) throws Exception {
        byte[] tar = new Recording("archive").bytes("archive.tar");
        byte[] broken = java.util.Arrays.copyOf(tar, tar.length);
        broken[0] = 'x'; // metadata.json renamed: no metadata in the tar any more
        Files.write(dir.resolve("other.tar"), broken);
        assertThatThrownBy(() -> run(dir, List.of(), "other.tar", Map.of())).isInstanceOf(StandinFailure.class)
                .hasMessageContaining("not a k6 archive");
    }

    @Test
    void aRemoteImportFailsAsRecordedWithoutNetwork(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("script.js"), new Recording("remote-import").text("script.js"));
        assertThat(run(dir, List.of(), "script.js", Map.of())).isEqualTo(107);
        assertThat(captured.stderr()).contains("couldn't be retrieved from the resolved url");
    }

    private int run(Path dir, List<String> flags, String script, Map<String, String> env) throws Exception {
        List<String> args = new ArrayList<>(List.of(SPEED, "run"));
        args.addAll(flags);
        args.add(dir.resolve(script).toString());
        return Main.run(args, env, captured.terminal(), System.nanoTime());
    }

    private int inspect(Path dir, Map<String, String> env) throws Exception {
        return Main.run(List.of("inspect", "--execution-requirements", dir.resolve("archive.tar").toString()), env,
                captured.terminal(), System.nanoTime());
    }

    private static void writeProject(Path dir) throws Exception {
        Recording recording = new Recording("multi-file");
        for (String file : List.of("script.js", "lib/util.js", "data/users.csv", "data/config.json")) {
            Files.createDirectories(dir.resolve(file).getParent());
            Files.write(dir.resolve(file), recording.bytes(file));
        }
    }
}
