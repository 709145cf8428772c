package dev.k6runner.gateway.intake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

import dev.k6runner.gateway.bundle.Bundle;
import dev.k6runner.gateway.bundle.BundleStore;
import dev.k6runner.gateway.bundle.Bundles;
import dev.k6runner.gateway.web.ApiProblem;
import dev.k6runner.platform.bundle.BundleKind;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The three ways a run gets its bundle: a JSON {@code files} map, a multipart {@code k6 archive} upload, or the
 * bundle of an earlier run (rerun). Checks happen before anything is stored; the bundle is stored (once per content)
 * only when the submission itself passed every check.
 */
@Component
class BundleSubmissions {

    /** A submission's request and its bundle: uploaded now ({@code upload}), or stored already ({@code storedSha256}). */
    record Submission(RunRequest request, BundleKind kind, Bundle upload, String storedSha256) {
    }

    private final Bundles bundles;
    private final BundleStore store;
    private final JdbcClient jdbc;
    private final JsonMapper mapper;

    BundleSubmissions(Bundles bundles, BundleStore store, JdbcClient jdbc, JsonMapper mapper) {
        this.bundles = bundles;
        this.store = store;
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    Submission json(RunRequest body) {
        if (body == null || body.files() == null || body.files().isEmpty()) {
            return new Submission(body, null, null, null);
        }
        Bundle bundle = bundles.files(body.files());
        // a bundled module is loaded by k6 as the script is: the same refusal of remote imports applies
        body.files().forEach((path, text) -> {
            if (path.endsWith(".js") || path.endsWith(".mjs") || path.endsWith(".cjs")) {
                RemoteImports.refuse(text == null ? "" : text);
            }
        });
        return new Submission(body.withScript(body.script()), BundleKind.FILES, bundle, null);
    }

    Submission archive(MultipartHttpServletRequest multipart) {
        MultipartFile archive = multipart.getFile("archive");
        if (archive == null) {
            throw malformed("the multipart body has no part 'archive' (a tar made by `k6 archive`)");
        }
        RunRequest request = requestPart(multipart);
        Bundle bundle;
        try {
            bundle = bundles.archive(archive.getBytes());
        } catch (IOException e) {
            throw malformed("the part 'archive' could not be read: " + e.getMessage());
        }
        // the request's env over the archive's, as `k6 run -e` over `k6 archive -e`
        Map<String, String> env = new LinkedHashMap<>(bundle.env());
        if (request.env() != null) {
            env.putAll(request.env());
        }
        return new Submission(request.withScript(entryPlaceholder(bundle.sha256())).withEnv(env.isEmpty() ? request.env() : env),
                BundleKind.ARCHIVE, bundle, null);
    }

    Submission rerun(String teamId, UUID runId, RunRequest overrides) {
        RunRequest given = overrides == null ? new RunRequest(null, null, null, null, null, null, null, null, null, null) : overrides;
        refuseScriptAndFiles(given, "the body of a rerun");
        Earlier earlier = jdbc.sql("""
                SELECT r.script, r.name, r.vus, r.duration, r.iterations, r.tags::text AS tags, r.timeout_seconds, r.runners,
                       r.bundle_sha256, b.kind
                FROM runs r LEFT JOIN bundles b ON b.sha256 = r.bundle_sha256
                WHERE r.id = ? AND r.team_id = ?""").params(runId, teamId)
                .query((rs, n) -> new Earlier(new RunRequest(rs.getString("script"), rs.getString("name"),
                        (Integer) rs.getObject("vus"), rs.getString("duration"), (Integer) rs.getObject("iterations"), null,
                        tags(rs.getString("tags")), String.valueOf(rs.getLong("timeout_seconds")), null, rs.getInt("runners")),
                        rs.getString("bundle_sha256"), rs.getString("kind")))
                .optional().orElseThrow(() -> ApiProblem.notFound("run " + runId));
        if (earlier.sha256() != null && store.summary(earlier.sha256()).isEmpty()) {
            throw gone(runId);
        }
        RunRequest base = earlier.request();
        RunRequest merged = new RunRequest(base.script(), or(given.name(), base.name()), or(given.vus(), base.vus()),
                or(given.duration(), base.duration()), or(given.iterations(), base.iterations()), given.env(),
                or(given.tags(), base.tags()), or(given.timeout(), base.timeout()), null, or(given.runners(), base.runners()));
        BundleKind kind = earlier.kind() == null ? null : BundleKind.fromWire(earlier.kind());
        return new Submission(merged, kind, null, earlier.sha256());
    }

    /**
     * Inside the new run's transaction: stores an uploaded bundle (once per content; the row is locked until the run
     * commits, so retention cannot take it meanwhile) and makes the run reference it.
     */
    void attach(Submission submission, UUID runId) {
        String sha256 = submission.upload() != null ? submission.upload().sha256() : submission.storedSha256();
        if (sha256 == null) {
            return;
        }
        if (submission.upload() != null) {
            store.save(submission.upload());
        } else if (!store.touch(sha256)) {
            throw ApiProblem.of(HttpStatus.GONE, "bundle-gone", "The run's bundle is gone",
                    "bundle " + sha256 + " was removed meanwhile; submit the files or archive again");
        }
        jdbc.sql("UPDATE runs SET bundle_sha256 = ? WHERE id = ?").params(sha256, runId).update();
    }

    /**
     * An Idempotency-Key replay answers the first run only if it named the same bundle too: the intake statement
     * compares the request's fields, and a files map is not one of them (an archive's hash is, in its script).
     */
    boolean sameBundle(UUID firstRun, Submission submission) {
        String sha256 = submission.upload() != null ? submission.upload().sha256() : submission.storedSha256();
        String first = jdbc.sql("SELECT bundle_sha256 FROM runs WHERE id = ?").param(firstRun).query(String.class).optional()
                .orElse(null);
        return Objects.equals(first, sha256);
    }

    private record Earlier(RunRequest request, String sha256, String kind) {
    }

    private RunRequest requestPart(MultipartHttpServletRequest multipart) {
        String json = multipart.getParameter("request");
        MultipartFile file = multipart.getFile("request");
        try {
            if (json == null && file != null) {
                json = new String(file.getBytes(), StandardCharsets.UTF_8);
            }
            RunRequest request = json == null || json.isBlank()
                    ? new RunRequest(null, null, null, null, null, null, null, null, null, null)
                    : mapper.readValue(json, RunRequest.class);
            refuseScriptAndFiles(request, "the part 'request'");
            return request;
        } catch (JacksonException | IOException e) {
            throw ApiProblem.of(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON",
                    "the part 'request' is not a JSON request: " + e.getMessage());
        }
    }

    private static void refuseScriptAndFiles(RunRequest request, String where) {
        if (request.script() != null || request.files() != null) {
            throw ApiProblem.of(HttpStatus.BAD_REQUEST, "validation", "Invalid request",
                    where + " may not hold `script` or `files`: the archive, or the earlier run, holds them");
        }
    }

    /** What an archive run stores as its script: the archive holds the real one; the hash keeps runs apart. */
    static String entryPlaceholder(String sha256) {
        return "// k6 archive sha256:" + sha256 + " (the entry script is the archive's 'data')\n";
    }

    private Map<String, String> tags(String json) {
        return json == null ? null : mapper.readValue(json, new TypeReference<Map<String, String>>() { });
    }

    private static <T> T or(T override, T earlier) {
        return override != null ? override : earlier;
    }

    private static ApiProblem gone(UUID runId) {
        return ApiProblem.of(HttpStatus.GONE, "bundle-gone", "The run's bundle is gone",
                "the bundle of run " + runId + " is no longer stored; submit the files or archive again");
    }

    private static ApiProblem malformed(String detail) {
        return ApiProblem.of(HttpStatus.BAD_REQUEST, "bundle-malformed", "The archive is not a readable k6 archive", detail);
    }
}
