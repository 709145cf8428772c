package dev.k6runner.runner.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.k6runner.platform.bundle.BundleRefused;
import dev.k6runner.platform.bundle.BundleTar;
import dev.k6runner.testsupport.K6Standin;
import dev.k6runner.testsupport.SharedPostgres;

/** A run's bundle from Postgres into its work folder, then k6 (the stand-in) run there as the runner runs it. */
class RunBundlesTest {

    private static final List<String> PROJECT = List.of("lib/util.js", "data/users.csv", "data/config.json");

    private JdbcClient jdbc;
    private RunBundles bundles;

    @BeforeEach
    void database() {
        String url = SharedPostgres.freshDatabase();
        Flyway.configure().dataSource(url, SharedPostgres.username(), SharedPostgres.password()).load().migrate();
        jdbc = JdbcClient.create(new DriverManagerDataSource(url, SharedPostgres.username(), SharedPostgres.password()));
        bundles = new RunBundles(jdbc, new RunnerBundleProperties(1 << 20, 100));
    }

    @Test
    void aFilesBundleIsWrittenBesideTheScriptAndK6FindsItsModuleAndDataThere(@TempDir Path dir) throws Exception {
        Path work = folderWithScript(dir, text(recorded("multi-file", "script.js")));
        var files = new TreeMap<String, byte[]>();
        for (String file : PROJECT) {
            files.put(file, recorded("multi-file", file));
        }
        UUID run = runWith("files", BundleTar.write(files));

        RunBundles.Materialised materialised = bundles.materialise(run, work);

        assertThat(materialised.entry()).isEqualTo("script.js");
        assertThat(materialised.sha256()).hasSize(64);
        for (String file : PROJECT) {
            assertThat(work.resolve(file)).hasBinaryContent(recorded("multi-file", file));
        }
        assertThat(k6Run(dir, work, "script.js")).isZero();
        assertThat(work.resolve("s.json")).hasBinaryContent(K6Standin.recorded("multi-file", "summary-export.json"));
    }

    @Test
    void aK6ArchiveIsWrittenAsArchiveTarUnopenedAndRunsWithTheOverrides(@TempDir Path dir) throws Exception {
        Path work = folderWithScript(dir, "// k6 archive sha256:…");
        byte[] archive = recorded("archive", "archive.tar");
        UUID run = runWith("archive", archive);

        RunBundles.Materialised materialised = bundles.materialise(run, work);

        assertThat(materialised.entry()).isEqualTo("archive.tar");
        assertThat(work.resolve("archive.tar")).hasBinaryContent(archive);
        assertThat(work.resolve("script.js")).doesNotExist();
        assertThat(work.resolve("file")).as("never unpacked by the runner").doesNotExist();
        assertThat(k6Run(dir, work, "archive.tar", "--vus", "1", "--iterations", "3")).isZero();
        assertThat(work.resolve("s.json")).hasBinaryContent(K6Standin.recorded("archive", "overrides-summary-export.json"));
    }

    @Test
    void aRunWithoutABundleIsItsScriptAlone(@TempDir Path dir) throws Exception {
        Path work = folderWithScript(dir, "export default function () {}");
        UUID run = UUID.randomUUID();
        insertRun(run, null);
        assertThat(bundles.materialise(run, work)).isEqualTo(RunBundles.Materialised.SCRIPT_ONLY);
        try (var entries = Files.list(work)) {
            assertThat(entries.map(p -> p.getFileName().toString()).toList()).containsExactly("script.js");
        }
    }

    @Test
    void aStoredBundleThatDoesNotPassTheChecksAgainWritesNothing(@TempDir Path dir) throws Exception {
        Path work = folderWithScript(dir, "export default function () {}");
        UUID files = runWith("files", tarWithSymlink());
        assertThatThrownBy(() -> bundles.materialise(files, work)).isInstanceOf(BundleRefused.class);
        UUID archive = runWith("archive", BundleTar.write(new TreeMap<>(java.util.Map.of("script.js", new byte[] {1}))));
        assertThatThrownBy(() -> bundles.materialise(archive, work)).isInstanceOf(BundleRefused.class);
        try (var entries = Files.list(work)) {
            assertThat(entries.map(p -> p.getFileName().toString()).toList()).containsExactly("script.js");
        }
    }

    private UUID runWith(String kind, byte[] content) throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        jdbc.sql("INSERT INTO bundles (sha256, kind, content, bytes, files) VALUES (?, ?, ?, ?, '{}') ON CONFLICT DO NOTHING")
                .params(sha, kind, content, content.length).update();
        UUID run = UUID.randomUUID();
        insertRun(run, sha);
        return run;
    }

    private void insertRun(UUID run, String sha) {
        jdbc.sql("""
                INSERT INTO runs (id, team_id, name, status, script, env, tags, timeout_seconds, submitted_at, bundle_sha256)
                VALUES (?, 'default', 'bundled', 'completed', 'x', '{}', '{}', 60, now(), ?)""").params(run, sha).update();
    }

    private static Path folderWithScript(Path dir, String script) throws IOException {
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.writeString(work.resolve("script.js"), script);
        return work;
    }

    private static int k6Run(Path dir, Path work, String entry, String... flags) throws Exception {
        Path k6 = K6Standin.install(dir.resolve("bin"), K6Standin.Options.defaults().withSpeed(20));
        List<String> command = new java.util.ArrayList<>(List.of(k6.toString(), "run", "--summary-export=s.json"));
        command.addAll(List.of(flags));
        command.add(entry);
        Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("k6.log").toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }

    private static byte[] recorded(String scenario, String file) {
        byte[] bytes = K6Standin.recorded(scenario, file);
        if (bytes == null) {
            throw new IllegalStateException("no recorded " + scenario + "/" + file);
        }
        return bytes;
    }

    private static byte[] tarWithSymlink() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry link = new TarArchiveEntry("lib", TarConstants.LF_SYMLINK);
            link.setLinkName("/etc");
            out.putArchiveEntry(link);
            out.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
