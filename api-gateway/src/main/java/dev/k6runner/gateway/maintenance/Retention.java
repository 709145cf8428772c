package dev.k6runner.gateway.maintenance;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.k6runner.gateway.GatewayProperties;
import dev.k6runner.gateway.BundleProperties;
import dev.k6runner.gateway.bundle.BundleStore;

/**
 * Deletes runs submitted more than {@code retention.days} ago, a small batch per transaction with
 * SKIP LOCKED (results, anomalies and baselines follow by cascade), so no table is ever locked and
 * replicas share the work. Live runs are left alone. The per-run JSON backups in
 * {@code K6_RESULTS_DIR/<run-id>/} older than the same age go too.
 */
@Component
class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    private static final int MAX_BATCHES_PER_PASS = 10_000;

    private final JdbcClient jdbc;
    private final GatewayProperties.Retention settings;
    private final BundleStore bundles;
    private final BundleProperties bundleSettings;

    Retention(JdbcClient jdbc, GatewayProperties properties, BundleStore bundles, BundleProperties bundleSettings) {
        this.jdbc = jdbc;
        this.settings = properties.retention();
        this.bundles = bundles;
        this.bundleSettings = bundleSettings;
    }

    /** @return runs deleted */
    long prune() {
        if (settings.days() == 0) {
            pruneBundles();
            return 0;
        }
        long deleted = 0;
        for (int batch = 0; batch < MAX_BATCHES_PER_PASS; batch++) {
            int rows = jdbc.sql("""
                    DELETE FROM runs WHERE id IN (
                        SELECT id FROM runs WHERE submitted_at < now() - make_interval(days => ?)
                          AND status NOT IN ('queued', 'running', 'analyzing')
                        ORDER BY submitted_at LIMIT ? FOR UPDATE SKIP LOCKED)""")
                    .params(settings.days(), settings.batchSize()).update();
            deleted += rows;
            if (rows < settings.batchSize()) {
                break;
            }
        }
        if (deleted > 0) {
            log.info("retention: deleted {} runs older than {} days", deleted, settings.days());
        }
        pruneBackups();
        pruneBundles();
        return deleted;
    }

    /** Bundles outlive no run that uses them; unreferenced ones go after their grace (docs/architecture.md). */
    private void pruneBundles() {
        int deleted = bundles.deleteUnreferenced(bundleSettings.unusedGrace());
        if (deleted > 0) {
            log.info("retention: deleted {} bundles no run references", deleted);
        }
    }

    private void pruneBackups() {
        Path dir = settings.resultsDir();
        if (!Files.isDirectory(dir)) {
            return;
        }
        Instant cutoff = Instant.now().minus(settings.days(), ChronoUnit.DAYS);
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (isRunDirectory(entry) && Files.getLastModifiedTime(entry).toInstant().isBefore(cutoff)) {
                    deleteTree(entry);
                    removed++;
                }
            }
        } catch (IOException e) {
            log.warn("retention: could not prune backups in {}: {}", dir, e.getMessage());
        }
        if (removed > 0) {
            log.info("retention: deleted {} run backups in {}", removed, dir);
        }
    }

    /** Only {@code <run-id>} folders: anything else in the folder is not ours to delete. */
    private static boolean isRunDirectory(Path entry) {
        if (!Files.isDirectory(entry)) {
            return false;
        }
        try {
            UUID.fromString(entry.getFileName().toString());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
