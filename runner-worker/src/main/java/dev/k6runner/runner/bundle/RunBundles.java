package dev.k6runner.runner.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.k6runner.platform.bundle.BundleKind;
import dev.k6runner.platform.bundle.BundleLimits;
import dev.k6runner.platform.bundle.BundleTar;

/**
 * Puts a run's bundle into its work folder before the folder is handed to the confinement: a files bundle beside
 * {@code script.js}, a k6 archive as {@code archive.tar} (never unpacked here: k6 reads it itself, inside the
 * sandbox). The bundle comes from Postgres, by the hash the run names, so no network path serves it.
 */
@Component
public class RunBundles {

    /** What k6 is given: its entry argument, and the bundle's hash (null without one) to key what was inspected. */
    public record Materialised(String entry, String sha256) {
        public static final Materialised SCRIPT_ONLY = new Materialised(SCRIPT, null);
    }

    private static final Logger log = LoggerFactory.getLogger(RunBundles.class);
    private static final String SCRIPT = "script.js";
    private static final String ARCHIVE = "archive.tar";

    private record Stored(BundleKind kind, byte[] content, String sha256) {
    }

    private final JdbcClient jdbc;
    private final BundleLimits limits;

    RunBundles(JdbcClient jdbc, RunnerBundleProperties properties) {
        this.jdbc = jdbc;
        this.limits = properties.limits();
    }

    /** Outside Spring (the benchmarks): reads bundles through {@code jdbc} with these limits. */
    public static RunBundles reading(JdbcClient jdbc, BundleLimits limits) {
        return new RunBundles(jdbc, new RunnerBundleProperties(limits.maxBytes(), limits.maxFiles()));
    }

    /** For execution tests without a database: every run is its script alone. */
    public static RunBundles none() {
        return new RunBundles(null, new RunnerBundleProperties(1, 1));
    }

    /**
     * Writes the run's bundle into {@code folder} (which holds {@code script.js} already).
     *
     * @throws dev.k6runner.platform.bundle.BundleRefused when the stored bundle does not pass the checks again
     */
    public Materialised materialise(UUID runId, Path folder) throws IOException {
        if (jdbc == null) {
            return Materialised.SCRIPT_ONLY;
        }
        Optional<Stored> stored = jdbc.sql("""
                SELECT b.kind, b.content, b.sha256 FROM runs r JOIN bundles b ON b.sha256 = r.bundle_sha256
                WHERE r.id = ?""").param(runId)
                .query((rs, n) -> new Stored(BundleKind.fromWire(rs.getString("kind")), rs.getBytes("content"), rs.getString("sha256")))
                .optional();
        if (stored.isEmpty()) {
            return Materialised.SCRIPT_ONLY;
        }
        Stored bundle = stored.get();
        if (bundle.kind() == BundleKind.FILES) {
            BundleTar.extract(bundle.content(), folder, limits);
            log.info("bundle {}: files written beside {}", bundle.sha256(), SCRIPT);
            return new Materialised(SCRIPT, bundle.sha256());
        }
        BundleTar.requireK6Archive(BundleTar.scan(bundle.content(), limits));
        Files.write(folder.resolve(ARCHIVE), bundle.content(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        // the archive holds the entry script: a stray script.js beside it would only mislead whoever looks
        Files.deleteIfExists(folder.resolve(SCRIPT));
        log.info("bundle {}: k6 archive of {} bytes", bundle.sha256(), bundle.content().length);
        return new Materialised(ARCHIVE, bundle.sha256());
    }
}
