package dev.k6runner.gateway.intake;

import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code POST /api/v1/test/run}, as the client sent it. Only {@code script} is required. */
@Schema(description = "A k6 test to run. vus, duration and iterations override the script's options like k6's CLI flags.")
record RunRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "the k6 script (JavaScript)") String script,
        @Schema(description = "groups runs of the same test; default 'unnamed'", example = "checkout-flow") String name,
        @Schema(example = "10") Integer vus,
        @Schema(description = "k6 notation", example = "30s") String duration,
        @Schema(example = "500") Integer iterations,
        @Schema(description = "reach the script as __ENV; values are never returned. Reserved names are refused (400): "
                + "K6_*, PATH, HOME, TMPDIR, LD_* and glibc's GCONV_PATH, GLIBC_TUNABLES …, GODEBUG/GOGC/GOMEMLIMIT/GOMAXPROCS/GOTRACEBACK/GORACE, HTTP_PROXY/HTTPS_PROXY/NO_PROXY/ALL_PROXY in any case, "
                + "SSL_CERT_FILE, SSL_CERT_DIR") Map<String, String> env,
        @Schema(description = "k6 test-wide tags; searchable with tag=key:value") Map<String, String> tags,
        @Schema(description = "time limit, k6 notation or seconds; capped by the server", example = "15m") String timeout,
        @Schema(description = "local modules and data files beside the script: relative path → UTF-8 text. `script` is "
                + "placed beside them as script.js, so `import … from './lib/util.js'` and `open('./data/users.csv')` "
                + "work as in `k6 run script.js`") Map<String, String> files,
        @Schema(description = "split the test into this many k6 execution segments, started together on as many runner "
                + "slots (distinct runners where enough are free) and merged into one result; default 1, at most the "
                + "server's k6runner.gateway.max-runners. vus, duration and the team's limits apply to the whole test",
                example = "2") Integer runners) {

    /** The same request without its files (they are checked and stored as a bundle of their own). */
    RunRequest withScript(String entryScript) {
        return new RunRequest(entryScript, name, vus, duration, iterations, env, tags, timeout, files, runners);
    }

    /** The same request with this env (an archive's env under the request's own). */
    RunRequest withEnv(Map<String, String> runEnv) {
        return new RunRequest(script, name, vus, duration, iterations, runEnv, tags, timeout, files, runners);
    }
}
