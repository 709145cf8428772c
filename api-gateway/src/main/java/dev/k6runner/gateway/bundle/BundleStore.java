package dev.k6runner.gateway.bundle;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.k6runner.gateway.BundleProperties;
import dev.k6runner.platform.bundle.BundleKind;

/**
 * The {@code bundles} table: one row per content hash, however many runs use it. Saving a bundle that is already
 * there writes no content again; it only holds the row (see {@link #touch}), so retention keeps it until the run
 * that references it is inserted.
 */
@Repository
public class BundleStore {

    /** What a result document shows of a run's bundle. */
    public record Summary(BundleKind kind, long bytes, String sha256, List<String> files) {
    }

    private final JdbcClient jdbc;
    /** {@code last_used_at} is written again only when it is older than this: half the retention grace. */
    private final double refreshAfterSeconds;

    BundleStore(JdbcClient jdbc, BundleProperties properties) {
        this.jdbc = jdbc;
        this.refreshAfterSeconds = properties.unusedGrace().toMillis() / 2000.0;
    }

    /** Stores the bundle unless its content is stored already. @return true when this call stored the content */
    public boolean save(Bundle bundle) {
        // the common case (the same CI test again) sends no content to Postgres at all
        if (touch(bundle.sha256())) {
            return false;
        }
        return jdbc.sql("""
                INSERT INTO bundles (sha256, kind, content, bytes, files) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (sha256) DO UPDATE SET last_used_at = now()
                RETURNING (xmax = 0) AS inserted""")
                .params(bundle.sha256(), bundle.kind().wireName(), bundle.content(), bundle.bytes(),
                        bundle.files().toArray(String[]::new))
                .query(Boolean.class).single();
    }

    public Optional<Summary> summary(String sha256) {
        return jdbc.sql("SELECT kind, bytes, files FROM bundles WHERE sha256 = ?").param(sha256)
                .query((rs, n) -> new Summary(BundleKind.fromWire(rs.getString("kind")), rs.getLong("bytes"), sha256,
                        List.of((String[]) rs.getArray("files").getArray())))
                .optional();
    }

    /**
     * Marks a stored bundle used again (a submission, a rerun), so retention keeps it. The row is share-locked
     * (FOR KEY SHARE: a DELETE waits for this transaction, other submissions of the same bundle do not) and its
     * {@code last_used_at} is written only when older than half the grace. Writing it every time took the row's
     * exclusive lock until commit, which queued every concurrent submission of one popular bundle behind each other;
     * a row used within half the grace is no candidate for retention anyway, which deletes past the whole grace.
     *
     * @return false when it is gone
     */
    public boolean touch(String sha256) {
        List<Boolean> stale = jdbc.sql("""
                SELECT last_used_at < now() - make_interval(secs => ?) FROM bundles WHERE sha256 = ? FOR KEY SHARE""")
                .params(refreshAfterSeconds, sha256).query(Boolean.class).list();
        if (stale.isEmpty()) {
            return false;
        }
        if (stale.getFirst()) {
            // racing refreshers re-check the condition after the first commits, and skip
            jdbc.sql("UPDATE bundles SET last_used_at = now() WHERE sha256 = ? AND last_used_at < now() - make_interval(secs => ?)")
                    .params(sha256, refreshAfterSeconds).update();
        }
        return true;
    }

    /** Deletes bundles that no run references and no submission used within {@code grace}. @return bundles deleted */
    public int deleteUnreferenced(Duration grace) {
        return jdbc.sql("""
                DELETE FROM bundles b
                WHERE b.last_used_at < now() - make_interval(secs => ?)
                  AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.bundle_sha256 = b.sha256)""")
                .param((double) grace.toSeconds()).update();
    }
}
