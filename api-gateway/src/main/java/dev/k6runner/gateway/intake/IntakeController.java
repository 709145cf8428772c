package dev.k6runner.gateway.intake;

import java.time.Duration;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartHttpServletRequest;

import dev.k6runner.gateway.query.RunDocument;
import dev.k6runner.gateway.teams.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * {@code POST /api/v1/test/run} (JSON or a k6 archive) and the rerun of a stored test: the HTTP side only; the
 * intake is {@link SubmissionIntake}, the answer {@link IntakeAnswers}.
 */
@RestController
@Tag(name = "runs")
class IntakeController {

    private final SubmissionIntake intake;
    private final IntakeAnswers answers;
    private final BundleSubmissions bundleSubmissions;

    IntakeController(SubmissionIntake intake, IntakeAnswers answers, BundleSubmissions bundleSubmissions) {
        this.intake = intake;
        this.answers = answers;
        this.bundleSubmissions = bundleSubmissions;
    }

    @Operation(summary = "Submit a k6 test",
            description = "202 with Location once stored. `?wait=SECONDS` (0..300) blocks until the run ends: 200 with the "
                    + "full document if it did, else the 202. `Idempotency-Key` (<= 255 printable ASCII): a retry with the "
                    + "same key and the same body returns the first run (header `Idempotent-Replayed: true`); the same key with another "
                    + "body is refused (422 `idempotency-key-reused`). Errors (problem+json; nothing is stored on any error): "
                    + "400 malformed JSON, unknown field, bad value or reserved env name (`errors[].pointer` says where); "
                    + "413 script or body too large, with or without Content-Length; 422 `limit-exceeded`, "
                    + "`remote-module` or `idempotency-key-reused`; 429 backlog full: max_queued_runs runs already wait (Retry-After); runs over the running limit are queued, not refused; "
                    + "503 database unavailable. Multi-file tests: `files` (relative path → UTF-8 text) beside `script`, or a "
                    + "`k6 archive` tar sent as multipart/form-data (part `archive`, optional part `request` with the other "
                    + "fields); refusals 400 `bundle-path`, `bundle-entry-type`, `bundle-too-many-files`, `bundle-malformed`, "
                    + "413 `bundle-too-large`.")
    @ApiResponse(responseCode = "202", description = "stored and queued: `{test_id, status, submitted_at, queue_position}`; "
            + "`status` is the run's current one when this is a replay or after a `wait`",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = IntakeAnswers.Queued.class)),
            headers = {@Header(name = "Location", description = "the run's document: /api/v1/test/results/{test_id}",
                    schema = @Schema(type = "string", format = "uri-reference")),
                @Header(name = "Idempotent-Replayed", description = "`true` when this answers an earlier submission "
                    + "with the same Idempotency-Key", schema = @Schema(type = "string", allowableValues = "true"))})
    @ApiResponse(responseCode = "200", description = "with `?wait`: the run ended in time; the full result document",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RunDocument.class)),
            headers = {@Header(name = "Location", description = "the run's document: /api/v1/test/results/{test_id}",
                    schema = @Schema(type = "string", format = "uri-reference")),
                @Header(name = "Idempotent-Replayed", description = "`true` when this answers an earlier submission "
                    + "with the same Idempotency-Key", schema = @Schema(type = "string", allowableValues = "true"))})
    @ApiResponse(responseCode = "400", content = @Content(mediaType = "application/problem+json"), description = "`validation` or "
            + "`malformed-json`: each wrong field in `errors[].pointer` (`#/vus`, `#/duration`, `#/env/NAME` …). Reserved env "
            + "names are refused with the reason: `K6_*` (k6 options), `PATH`, `HOME`, `TMPDIR`, `LD_*` and glibc's `GCONV_PATH`, `GLIBC_TUNABLES` …, the Go runtime's `GODEBUG`, `GOGC`, `GOMEMLIMIT`, `GOMAXPROCS`, `GOTRACEBACK`, `GORACE`, "
            + "`HTTP_PROXY`/`HTTPS_PROXY`/`NO_PROXY`/`ALL_PROXY` in any case, `SSL_CERT_FILE`, `SSL_CERT_DIR`")
    @ApiResponse(responseCode = "413", content = @Content(mediaType = "application/problem+json"), description = "`script-too-large`: "
            + "the script is over max-script-bytes, or the body is over twice that plus 256 KiB, whether it came with "
            + "Content-Length or chunked; the answer is sent before the connection closes, so the client can read it")
    @ApiResponse(responseCode = "422", content = @Content(mediaType = "application/problem+json"), description = "`limit-exceeded`: "
            + "`vus` or `duration` over the team's max_vus / max_duration or the server's max-vus / max-duration, or "
            + "`iterations` over max-iterations (detail names the limit and the value asked; `errors[].pointer` the field). "
            + "`remote-module`: the script imports a module from an http(s) URL (`import … from 'https://…'`, "
            + "`import('https://…')`, `require('https://…')`); vendor it into a k6 archive. `idempotency-key-reused`")
    @ApiResponse(responseCode = "429", content = @Content(mediaType = "application/problem+json"),
            description = "`backlog-full`: the team's queued runs fill its max_queued_runs; Retry-After")
    @ApiResponse(responseCode = "503", content = @Content(mediaType = "application/problem+json"),
            description = "`unavailable`: the run cannot be stored safely now; Retry-After")
    @PostMapping(path = "/api/v1/test/run", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Object submit(Caller caller,
                             @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true) @RequestBody(required = false) RunRequest body,
                             @Parameter(description = "a retried submission with the same key and body answers the first run",
                                     schema = @Schema(type = "string", minLength = 1, maxLength = SubmissionIntake.MAX_IDEMPOTENCY_KEY, pattern = "^[!-~]+$"))
                             @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey,
                             @Parameter(description = "seconds to wait for the run to end (0..300, the server's max-wait)",
                                     schema = @Schema(type = "integer", minimum = "0", maximum = "300", defaultValue = "0"))
                             @RequestParam(value = "wait", required = false) String wait) {
        return accept(caller, bundleSubmissions.json(body), idempotencyKey, wait);
    }

    /**
     * multipart/form-data: part `archive`, a tar made by `k6 archive`; optional part `request`, JSON with every field of
     * the JSON body except `script` and `files`. Runs as `k6 run archive.tar` with the request's overrides. Hidden from
     * springdoc, which would merge it with the JSON operation of the same path and lose that one's answers;
     * {@code gateway.bundle.ArchiveUploadDescription} adds it to the description as the request body's second content.
     */
    @Operation(hidden = true)
    @PostMapping(path = "/api/v1/test/run", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Object submitArchive(Caller caller, MultipartHttpServletRequest multipart,
                                    @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey,
                                    @RequestParam(value = "wait", required = false) String wait) {
        return accept(caller, bundleSubmissions.archive(multipart), idempotencyKey, wait);
    }

    @Operation(summary = "Run a test again from history",
            description = "A new run with the same script, bundle and options as run {test_id}, without uploading again. The "
                    + "body (optional, the JSON body's fields except `script` and `files`) overrides fields; `env` must be "
                    + "given again: env values are not kept once a run ends.")
    @PostMapping(path = "/api/v1/test/results/{test_id}/rerun", produces = MediaType.APPLICATION_JSON_VALUE)
    Object rerun(Caller caller, @PathVariable("test_id") UUID id, @RequestBody(required = false) RunRequest overrides,
                            @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey,
                            @RequestParam(value = "wait", required = false) String wait) {
        return accept(caller, bundleSubmissions.rerun(caller.teamId(), id, overrides), idempotencyKey, wait);
    }

    private Object accept(Caller caller, BundleSubmissions.Submission submission, String idempotencyKey, String wait) {
        Duration waitFor = answers.parseWait(wait);
        return answers.answer(caller, intake.accept(caller, submission, idempotencyKey), waitFor);
    }
}
