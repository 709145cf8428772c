package dev.k6runner.gateway.query;

import java.time.Duration;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The runner and the bundle a run document names, read apart from the run's row and kept in memory. Joined into
 * the poll's statement they cost Postgres about as much as the run's own row (a hash join and a probe per poll,
 * even for a queued run that has neither: docs/gateway.md, "Session 10"). A bundle never changes (its key is its
 * hash), so it is kept until evicted; a runner's host and k6 version change only when it registers again, so a
 * document may show them up to {@link #RUNNER_TTL} late.
 */
@Component
class RunLinks {

    static final Duration RUNNER_TTL = Duration.ofSeconds(30);

    /** What a run's bundle adds to its request: the files map's names, or the archive's size and hash. */
    record Bundle(List<String> files, RunDocument.Archive archive) {
        static final Bundle NONE = new Bundle(null, null);
    }

    private final JdbcClient jdbc;
    private final Cache<String, RunDocument.Runner> runners =
            Caffeine.newBuilder().maximumSize(1_000).expireAfterWrite(RUNNER_TTL).build();
    private final Cache<String, Bundle> bundles = Caffeine.newBuilder().maximumSize(5_000).build();

    RunLinks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The runner that holds or held a run; host and version null when its row is gone. */
    RunDocument.Runner runner(String runnerId) {
        if (runnerId == null) {
            return null;
        }
        return runners.get(runnerId, id -> jdbc.sql("SELECT host, k6_version FROM runners WHERE id = ?").param(id)
                .query((rs, row) -> new RunDocument.Runner(id, rs.getString("host"), rs.getString("k6_version")))
                .optional().orElse(new RunDocument.Runner(id, null, null)));
    }

    /** The bundle a run was submitted with; {@link Bundle#NONE} for a single script. */
    Bundle bundle(String sha256) {
        if (sha256 == null) {
            return Bundle.NONE;
        }
        // the columns named as the history's join names them, so the same readers turn them into the request's fields
        return bundles.get(sha256, hash -> jdbc.sql("""
                        SELECT sha256 AS bundle_sha256, kind AS bundle_kind, bytes AS bundle_bytes, files AS bundle_files
                        FROM bundles WHERE sha256 = ?""")
                .param(hash).query((rs, row) -> new Bundle(RunDocuments.bundleFiles(rs), RunDocuments.bundleArchive(rs)))
                .optional().orElse(Bundle.NONE));
    }
}
